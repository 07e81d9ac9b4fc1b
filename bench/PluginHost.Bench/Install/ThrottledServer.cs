using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PluginHost.Bench.Install;

/// <summary>A loopback HTTP/1.1 file server (one request per connection) sending .tar.gz bodies at a fixed byte rate, to model a network.</summary>
internal sealed class ThrottledServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly string _root;

    /// <summary>Serves root; archive bodies go out at bytesPerSecond (0: full speed).</summary>
    public ThrottledServer(string root, int bytesPerSecond)
    {
        _root = Path.GetFullPath(root);
        BytesPerSecond = bytesPerSecond;
        _listener.Start();
        _ = Task.Run(AcceptAsync);
    }

    /// <summary>Archive byte rate per connection.</summary>
    public int BytesPerSecond { get; set; }

    /// <summary>http://127.0.0.1:PORT.</summary>
    public string BaseUrl => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

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
            var head = new StringBuilder();
            var one = new byte[1];
            while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal) && await stream.ReadAsync(one) == 1) head.Append((char)one[0]);
            var path = Uri.UnescapeDataString(head.ToString().Split(' ')[1].Split('?')[0]);
            var file = Path.GetFullPath(Path.Combine(_root, path.TrimStart('/')));
            var found = file.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal) && File.Exists(file);
            var body = found ? await File.ReadAllBytesAsync(file) : [];
            await stream.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 {(found ? "200 OK" : "404 Not Found")}\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n"));
            var rate = path.EndsWith(".tar.gz", StringComparison.Ordinal) ? BytesPerSecond : 0;
            for (var offset = 0; offset < body.Length; offset += 16384)
            {
                var n = Math.Min(16384, body.Length - offset);
                await stream.WriteAsync(body.AsMemory(offset, n), _stop.Token);
                if (rate > 0) await Task.Delay(TimeSpan.FromSeconds((double)n / rate), _stop.Token);
            }
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or IndexOutOfRangeException)
        {
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
    }
}
