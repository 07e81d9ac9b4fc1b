using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PluginHost.EndToEnd.Tests.Sync;

/// <summary>A forward HTTP proxy on 127.0.0.1 for plain-http targets: records each request line it is sent, forwards it in
/// origin form on a new connection (Connection: close) and copies the answer back.</summary>
internal sealed class RecordingHttpProxy : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();

    public RecordingHttpProxy()
    {
        _listener.Start();
        _ = Task.Run(AcceptAsync);
    }

    public Uri Url => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");

    public List<string> RequestLines { get; } = [];

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
            catch (Exception) { return; }
            _ = Task.Run(() => ForwardAsync(client));
        }
    }

    private async Task ForwardAsync(TcpClient client)
    {
        using var _ = client;
        var stream = client.GetStream();
        var head = new List<byte>();
        var one = new byte[1];
        while (!(head.Count >= 4 && head[^4] == '\r' && head[^3] == '\n' && head[^2] == '\r' && head[^1] == '\n'))
            if (await stream.ReadAsync(one) == 0) return; else head.Add(one[0]);
        var lines = Encoding.ASCII.GetString([.. head]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var parts = lines[0].Split(' ');
        var target = new Uri(parts[1]);
        lock (RequestLines) RequestLines.Add($"{parts[0]} {parts[1]}");
        var length = lines.Select(l => l.Split(':', 2)).Where(kv => kv[0].Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            .Select(kv => int.Parse(kv[1].Trim(), System.Globalization.CultureInfo.InvariantCulture)).FirstOrDefault();
        var body = new byte[length];
        await stream.ReadExactlyAsync(body);
        var headers = lines.Skip(1).Where(l => !l.StartsWith("Connection:", StringComparison.OrdinalIgnoreCase) && !l.StartsWith("Proxy-Connection:", StringComparison.OrdinalIgnoreCase));
        using var upstream = new TcpClient();
        await upstream.ConnectAsync(target.Host, target.Port);
        var up = upstream.GetStream();
        await up.WriteAsync(Encoding.ASCII.GetBytes($"{parts[0]} {target.PathAndQuery} {parts[2]}\r\n{string.Join("\r\n", headers)}\r\nConnection: close\r\n\r\n"));
        await up.WriteAsync(body);
        await up.CopyToAsync(stream);
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
    }
}
