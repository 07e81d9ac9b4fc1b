using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace PluginHost.Tests.Common;

/// <summary>
/// A real HTTP/1.1 file server on 127.0.0.1 (a TcpListener on an OS-chosen port, one request per connection) serving a
/// folder: GET with ETag and Last-Modified, single "Range: bytes=N-" / "bytes=N-M" requests answered 206 (honouring
/// If-Range), optional throttling, injected statuses, overridden bodies and connections dropped midway; it counts
/// requests, completed responses and body bytes sent per path.
/// </summary>
internal sealed class LoopbackHttpServer : IDisposable
{
    private const int Chunk = 16 * 1024;
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly ConcurrentDictionary<string, int> _requests = new();
    private readonly ConcurrentDictionary<string, int> _completed = new();
    private readonly ConcurrentDictionary<string, long> _bytes = new();
    private readonly ConcurrentQueue<(string Path, string? Range, string? IfRange, int Status)> _log = new();
    private int _open;

    /// <summary>Serves the files under root.</summary>
    public LoopbackHttpServer(string root)
    {
        Root = Path.GetFullPath(root);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _loop = Task.Run(AcceptAsync);
    }

    /// <summary>The served folder.</summary>
    public string Root { get; }

    /// <summary>The listening port.</summary>
    public int Port { get; }

    /// <summary>http://127.0.0.1:PORT.</summary>
    public string BaseUrl => $"http://127.0.0.1:{Port}";

    /// <summary>Body bytes per second of throttled responses; 0 sends at full speed.</summary>
    public int BytesPerSecond { get; set; }

    /// <summary>Which paths are throttled (default: .tar.gz archives).</summary>
    public Func<string, bool> Throttled { get; set; } = path => path.EndsWith(".tar.gz", StringComparison.Ordinal);

    /// <summary>Whether Range requests get 206 answers; false answers every GET with the whole file (200).</summary>
    public bool SupportsRange { get; set; } = true;

    /// <summary>Whether responses carry an ETag (Last-Modified is always sent).</summary>
    public bool SendETag { get; set; } = true;

    /// <summary>Per path: how many of the next requests answer with this status instead of the file.</summary>
    public ConcurrentDictionary<string, (int Remaining, int Status)> Failures { get; } = new();

    /// <summary>Per path: bytes served instead of the file.</summary>
    public ConcurrentDictionary<string, byte[]> Overrides { get; } = new();

    /// <summary>Per path: how many of the next responses close the connection after sending this many body bytes.</summary>
    public ConcurrentDictionary<string, (int Remaining, long AfterBytes)> Drops { get; } = new();

    /// <summary>Requests received for a path.</summary>
    public int Requests(string path) => _requests.GetValueOrDefault(path);

    /// <summary>Responses to a path whose body was sent in full.</summary>
    public int Completed(string path) => _completed.GetValueOrDefault(path);

    /// <summary>Body bytes written for a path over every response.</summary>
    public long BytesServed(string path) => _bytes.GetValueOrDefault(path);

    /// <summary>Connections being served now.</summary>
    public int OpenConnections => Volatile.Read(ref _open);

    /// <summary>Waits until no connection is being served (e.g. those of a killed client have ended), up to a timeout.</summary>
    public async Task<bool> WaitIdleAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (OpenConnections > 0 && DateTime.UtcNow < deadline) await Task.Delay(10);
        return OpenConnections == 0;
    }

    /// <summary>Every request so far: path, its Range and If-Range headers, and the status answered.</summary>
    public IReadOnlyList<(string Path, string? Range, string? IfRange, int Status)> Log => _log.ToArray();

    /// <summary>The ETag the server gives a body.</summary>
    public static string ETagOf(byte[] body) => "\"" + Convert.ToHexStringLower(SHA256.HashData(body))[..16] + "\"";

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException) { return; }
            _ = Task.Run(() => HandleAsync(client));
        }
    }

    private async Task HandleAsync(TcpClient client)
    {
        using var _ = client;
        Interlocked.Increment(ref _open);
        try
        {
            var stream = client.GetStream();
            var lines = (await ReadHeadAsync(stream)).Split("\r\n");
            var target = lines[0].Split(' ') is [_, var t, ..] ? t : "/";
            var path = Uri.UnescapeDataString(target.Split('?')[0]);
            var headers = lines.Skip(1).Select(l => l.Split(':', 2)).Where(p => p.Length == 2)
                .GroupBy(p => p[0].Trim(), StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.First()[1].Trim(), StringComparer.OrdinalIgnoreCase);
            _requests.AddOrUpdate(path, 1, (_, n) => n + 1);
            var range = headers.GetValueOrDefault("Range");
            var ifRange = headers.GetValueOrDefault("If-Range");

            var (status, body, modified) = Lookup(path);
            var extra = new StringBuilder();
            long start = 0, end = body.Length - 1;
            if (status == 200)
            {
                var etag = ETagOf(body);
                var lastModified = modified.ToString("R", CultureInfo.InvariantCulture);
                if (SendETag) extra.Append($"ETag: {etag}\r\n");
                extra.Append($"Last-Modified: {lastModified}\r\nAccept-Ranges: {(SupportsRange ? "bytes" : "none")}\r\n");
                var validatorMatches = ifRange is null || ifRange == lastModified || (SendETag && ifRange == etag);
                if (SupportsRange && range is not null && validatorMatches && TryParseRange(range, body.Length, out var from, out var to))
                {
                    (status, start, end) = (206, from, to);
                    extra.Append($"Content-Range: bytes {from}-{to}/{body.Length}\r\n");
                }
                else if (SupportsRange && range is not null && validatorMatches && range.StartsWith("bytes=", StringComparison.Ordinal))
                {
                    status = 416;
                    extra.Append($"Content-Range: bytes */{body.Length}\r\n");
                }
            }
            _log.Enqueue((path, range, ifRange, status));
            if (status is not (200 or 206)) (start, end) = (0, -1);
            var length = end - start + 1;
            var reason = status switch { 200 => "OK", 206 => "Partial Content", 404 => "Not Found", 416 => "Range Not Satisfiable", 503 => "Service Unavailable", _ => "Error" };
            var type = path.EndsWith(".txt", StringComparison.Ordinal) ? "text/plain" : "application/octet-stream";
            var head = $"HTTP/1.1 {status} {reason}\r\nContent-Type: {type}\r\nContent-Length: {length}\r\n{extra}Connection: close\r\n\r\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(head), _stop.Token);

            long dropAfter = long.MaxValue;
            if (Drops.TryGetValue(path, out var drop) && drop.Remaining > 0 && length > 0)
            {
                Drops[path] = (drop.Remaining - 1, drop.AfterBytes);
                dropAfter = drop.AfterBytes;
            }
            var rate = Throttled(path) ? BytesPerSecond : 0;
            long sent = 0;
            while (sent < length)
            {
                var n = (int)Math.Min(Math.Min(Chunk, length - sent), dropAfter - sent);
                if (n <= 0)
                {
                    // Connection dropped midway: everything sent arrives, then the stream ends short of Content-Length.
                    client.Client.Shutdown(SocketShutdown.Both);
                    return;
                }
                await stream.WriteAsync(body.AsMemory((int)(start + sent), n), _stop.Token);
                sent += n;
                _bytes.AddOrUpdate(path, n, (_, b) => b + n);
                if (rate > 0) await Task.Delay(TimeSpan.FromSeconds((double)n / rate), _stop.Token);
            }
            await stream.FlushAsync(_stop.Token);
            _completed.AddOrUpdate(path, 1, (_, n) => n + 1);
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
        finally
        {
            Interlocked.Decrement(ref _open);
        }
    }

    private (int Status, byte[] Body, DateTimeOffset Modified) Lookup(string path)
    {
        if (Failures.TryGetValue(path, out var failure) && failure.Remaining > 0)
        {
            Failures[path] = (failure.Remaining - 1, failure.Status);
            return (failure.Status, [], default);
        }
        if (Overrides.TryGetValue(path, out var bytes)) return (200, bytes, new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var file = Path.GetFullPath(Path.Combine(Root, path.TrimStart('/')));
        if (!file.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal) || !File.Exists(file)) return (404, [], default);
        var modified = new DateTimeOffset(File.GetLastWriteTimeUtc(file), TimeSpan.Zero);
        return (200, File.ReadAllBytes(file), modified.AddTicks(-(modified.Ticks % TimeSpan.TicksPerSecond)));
    }

    /// <summary>Parses "bytes=N-" or "bytes=N-M" within a body of length bytes.</summary>
    private static bool TryParseRange(string header, long length, out long from, out long to)
    {
        from = 0;
        to = length - 1;
        if (!header.StartsWith("bytes=", StringComparison.Ordinal) || header.Contains(',')) return false;
        var parts = header["bytes=".Length..].Split('-');
        if (parts.Length != 2 || !long.TryParse(parts[0], out from) || from >= length) return false;
        if (parts[1].Length > 0)
        {
            if (!long.TryParse(parts[1], out to) || to < from) return false;
            to = Math.Min(to, length - 1);
        }
        return true;
    }

    /// <summary>Reads the request line and headers (up to the blank line); GET requests carry no body.</summary>
    private static async Task<string> ReadHeadAsync(NetworkStream stream)
    {
        var buffer = new List<byte>();
        var one = new byte[1];
        while (buffer.Count < 64 * 1024 && await stream.ReadAsync(one) == 1)
        {
            buffer.Add(one[0]);
            if (buffer.Count >= 4 && buffer[^1] == '\n' && buffer[^2] == '\r' && buffer[^3] == '\n' && buffer[^4] == '\r') break;
        }
        return Encoding.ASCII.GetString(buffer.ToArray());
    }

    /// <summary>Stops listening.</summary>
    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        try { _loop.Wait(TimeSpan.FromSeconds(5)); }
        catch (AggregateException) { }
        _stop.Dispose();
    }
}
