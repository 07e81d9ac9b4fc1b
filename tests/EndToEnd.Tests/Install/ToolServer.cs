using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PluginHost.EndToEnd.Tests.Install;

/// <summary>A real HTTP/1.1 server on 127.0.0.1 (OS-chosen port, one request per connection) serving a folder, counting
/// requests and fully sent responses per path, optionally throttling .tar.gz bodies to a byte rate.</summary>
internal sealed class ToolServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly ConcurrentDictionary<string, int> _requests = new();
    private readonly ConcurrentDictionary<string, int> _completed = new();

    public ToolServer(string root)
    {
        Root = Path.GetFullPath(root);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _loop = Task.Run(AcceptAsync);
    }

    public string Root { get; }
    public int Port { get; }
    public string BaseUrl => $"http://127.0.0.1:{Port}";

    /// <summary>Bytes per second per archive response; 0 sends at full speed.</summary>
    public int ArchiveBytesPerSecond { get; set; }

    public int Requests(string path) => _requests.GetValueOrDefault(path);
    public int Completed(string path) => _completed.GetValueOrDefault(path);

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
        try
        {
            var stream = client.GetStream();
            var head = await ReadHeadAsync(stream);
            var target = head.Split(' ') is [_, var t, ..] ? t : "/";
            var path = Uri.UnescapeDataString(target.Split('?')[0]);
            _requests.AddOrUpdate(path, 1, (_, n) => n + 1);
            var file = Path.GetFullPath(Path.Combine(Root, path.TrimStart('/')));
            var found = file.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal) && File.Exists(file);
            var body = found ? await File.ReadAllBytesAsync(file) : [];
            var header = $"HTTP/1.1 {(found ? "200 OK" : "404 Not Found")}\r\nContent-Type: application/octet-stream\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(header), _stop.Token);
            var rate = path.EndsWith(".tar.gz", StringComparison.Ordinal) ? ArchiveBytesPerSecond : 0;
            const int chunk = 16 * 1024;
            for (var offset = 0; offset < body.Length; offset += chunk)
            {
                var n = Math.Min(chunk, body.Length - offset);
                await stream.WriteAsync(body.AsMemory(offset, n), _stop.Token);
                if (rate > 0) await Task.Delay(TimeSpan.FromSeconds((double)n / rate), _stop.Token);
            }
            await stream.FlushAsync(_stop.Token);
            _completed.AddOrUpdate(path, 1, (_, n) => n + 1);
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException)
        {
        }
    }

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
        try { _loop.Wait(TimeSpan.FromSeconds(5)); }
        catch (AggregateException) { }
        _stop.Dispose();
    }
}
