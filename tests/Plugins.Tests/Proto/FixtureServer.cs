using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using PluginHost.Plugins.Tests.TestSupport;

namespace PluginHost.Plugins.Tests.Proto;

/// <summary>
/// A real HTTP/1.1 server on 127.0.0.1 (a TcpListener on an OS-chosen port, one request per connection) serving
/// tests/fixtures/proto/out (index.txt, dist/*), with request counts and injected faults.
/// </summary>
internal sealed class FixtureServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly ConcurrentDictionary<string, int> _counts = new();

    public FixtureServer()
    {
        Root = Path.Combine(Fixtures.RepoRoot, "tests", "fixtures", "proto", "out");
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _loop = Task.Run(AcceptAsync);
    }

    public string Root { get; }
    public int Port { get; }
    public string BaseUrl => $"http://127.0.0.1:{Port}";

    /// <summary>Per path: how many of the next requests answer with this status instead of the file.</summary>
    public ConcurrentDictionary<string, (int Remaining, int Status)> Failures { get; } = new();

    /// <summary>Per path: bytes served instead of the file.</summary>
    public ConcurrentDictionary<string, byte[]> Overrides { get; } = new();

    public int Count(string path) => _counts.TryGetValue(path, out var n) ? n : 0;

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            _ = Task.Run(() => HandleAsync(client));
        }
    }

    private async Task HandleAsync(TcpClient client)
    {
        using var _ = client;
        try
        {
            var stream = client.GetStream();
            var head = await ReadHeadAsync(stream);
            var target = head.Split(' ') is [_, var t, ..] ? t : "/";
            var path = Uri.UnescapeDataString(target.Split('?')[0]);
            _counts.AddOrUpdate(path, 1, (_, n) => n + 1);
            var (status, body) = Respond(path);
            var reason = status switch { 200 => "OK", 404 => "Not Found", 503 => "Service Unavailable", _ => "Error" };
            var type = path.EndsWith(".txt", StringComparison.Ordinal) ? "text/plain" : "application/octet-stream";
            var header = $"HTTP/1.1 {status} {reason}\r\nContent-Type: {type}\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(header));
            await stream.WriteAsync(body);
        }
        catch (Exception e) when (e is IOException or SocketException)
        {
        }
    }

    private (int Status, byte[] Body) Respond(string path)
    {
        if (Failures.TryGetValue(path, out var failure) && failure.Remaining > 0)
        {
            Failures[path] = (failure.Remaining - 1, failure.Status);
            return (failure.Status, []);
        }
        if (Overrides.TryGetValue(path, out var bytes)) return (200, bytes);
        var file = Path.GetFullPath(Path.Combine(Root, path.TrimStart('/')));
        if (!file.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal) || !File.Exists(file)) return (404, []);
        return (200, File.ReadAllBytes(file));
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

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }
        _stop.Dispose();
    }
}
