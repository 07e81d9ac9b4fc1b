using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using PluginHost.Plugins.Tests.TestSupport;

namespace PluginHost.Plugins.Tests.Proto;

/// <summary>A real HTTP server on 127.0.0.1 serving tests/fixtures/proto/out (index.txt, dist/*), with request counts and injected faults.</summary>
internal sealed class FixtureServer : IDisposable
{
    private readonly HttpListener _listener;
    private readonly Task _loop;
    private readonly ConcurrentDictionary<string, int> _counts = new();

    public FixtureServer()
    {
        Root = Path.Combine(Fixtures.RepoRoot, "tests", "fixtures", "proto", "out");
        for (var attempt = 0; ; attempt++)
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            Port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            // A fresh listener per attempt: one whose Start failed is not reused.
            var listener = new HttpListener();
            listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
            try
            {
                listener.Start();
                _listener = listener;
                break;
            }
            catch (HttpListenerException) when (attempt < 20)
            {
                listener.Close();
            }
        }
        _loop = Task.Run(ServeAsync);
    }

    public string Root { get; }
    public int Port { get; }
    public string BaseUrl => $"http://127.0.0.1:{Port}";

    /// <summary>Per path: how many of the next requests answer with this status instead of the file.</summary>
    public ConcurrentDictionary<string, (int Remaining, int Status)> Failures { get; } = new();

    /// <summary>Per path: bytes served instead of the file.</summary>
    public ConcurrentDictionary<string, byte[]> Overrides { get; } = new();

    public int Count(string path) => _counts.TryGetValue(path, out var n) ? n : 0;

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            _ = Task.Run(() => Handle(context));
        }
    }

    private void Handle(HttpListenerContext context)
    {
        var path = context.Request.Url!.AbsolutePath;
        _counts.AddOrUpdate(path, 1, (_, n) => n + 1);
        var response = context.Response;
        try
        {
            if (Failures.TryGetValue(path, out var failure) && failure.Remaining > 0)
            {
                Failures[path] = (failure.Remaining - 1, failure.Status);
                response.StatusCode = failure.Status;
                return;
            }
            byte[]? bytes = Overrides.TryGetValue(path, out var o) ? o : null;
            if (bytes is null)
            {
                var file = Path.GetFullPath(Path.Combine(Root, path.TrimStart('/')));
                if (!file.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal) || !File.Exists(file))
                {
                    response.StatusCode = 404;
                    return;
                }
                bytes = File.ReadAllBytes(file);
            }
            response.ContentType = path.EndsWith(".txt", StringComparison.Ordinal) ? "text/plain" : "application/octet-stream";
            response.ContentLength64 = bytes.Length;
            response.OutputStream.Write(bytes);
        }
        finally
        {
            try
            {
                response.Close();
            }
            catch (HttpListenerException)
            {
            }
        }
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }
    }
}
