using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using PluginHost.Shared.Manifests.Icp;
using Xunit;

namespace PluginHost.Shared.Tests.Manifests.Icp;

/// <summary>Remote plugins: downloaded from a real HTTP server on 127.0.0.1, verified, cached by sha256.</summary>
public sealed class RemotePluginCacheTests : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly string _prefix;
    private readonly string _cache = Path.Combine(Path.GetTempPath(), "pluginhost-icp-cache-" + Guid.NewGuid().ToString("N"));
    private int _requests;
    private byte[] _body = "plugin bytes"u8.ToArray();

    public RemotePluginCacheTests()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        _prefix = $"http://127.0.0.1:{port}/";
        _listener.Prefixes.Add(_prefix);
        _listener.Start();
        _ = Task.Run(async () =>
        {
            while (_listener.IsListening)
            {
                HttpListenerContext ctx;
                try { ctx = await _listener.GetContextAsync(); } catch { return; }
                Interlocked.Increment(ref _requests);
                if (ctx.Request.Url!.AbsolutePath == "/missing.wasm") ctx.Response.StatusCode = 404;
                else await ctx.Response.OutputStream.WriteAsync(_body);
                ctx.Response.Close();
            }
        });
    }

    private static string Sha(byte[] b) => Convert.ToHexStringLower(SHA256.HashData(b));

    [Fact]
    public async Task Downloads_once_then_serves_from_the_cache()
    {
        using var http = new HttpClient();
        var cache = new RemotePluginCache(http, _cache);
        var sha = Sha(_body);
        Assert.Equal(_body, await cache.GetAsync(_prefix + "p.wasm", sha, default));
        Assert.Equal(_body, await cache.GetAsync(_prefix + "p.wasm", sha, default));
        Assert.Equal(1, _requests);
        Assert.True(File.Exists(Path.Combine(_cache, sha + ".wasm")));
    }

    [Fact]
    public async Task A_corrupted_cache_entry_is_fetched_again()
    {
        using var http = new HttpClient();
        var cache = new RemotePluginCache(http, _cache);
        var sha = Sha(_body);
        Directory.CreateDirectory(_cache);
        File.WriteAllText(Path.Combine(_cache, sha + ".wasm"), "tampered");
        Assert.Equal(_body, await cache.GetAsync(_prefix + "p.wasm", sha, default));
        Assert.Equal(1, _requests);
    }

    [Fact]
    public async Task A_hash_mismatch_is_rejected_and_not_cached()
    {
        using var http = new HttpClient();
        var cache = new RemotePluginCache(http, _cache);
        var wrong = new string('0', 64);
        var e = await Assert.ThrowsAsync<IcpManifestException>(() => cache.GetAsync(_prefix + "p.wasm", wrong, default));
        Assert.Contains("sha256 mismatch", e.Message);
        Assert.False(File.Exists(Path.Combine(_cache, wrong + ".wasm")));
    }

    [Fact]
    public async Task Http_errors_name_the_url()
    {
        using var http = new HttpClient();
        var e = await Assert.ThrowsAsync<IcpManifestException>(() => new RemotePluginCache(http, _cache).GetAsync(_prefix + "missing.wasm", Sha(_body), default));
        Assert.Contains("missing.wasm: download failed: HTTP 404", e.Message);
    }

    public void Dispose()
    {
        _listener.Close();
        if (Directory.Exists(_cache)) Directory.Delete(_cache, true);
    }
}
