using System.Security.Cryptography;

namespace PluginHost.Shared.Manifests.Icp;

/// <summary>Fetches remote plugins (url + sha256) over HTTP into a cache directory keyed by sha256, verifying before every use.</summary>
public sealed class RemotePluginCache
{
    private readonly HttpClient _http;
    private readonly string _dir;

    /// <summary>Creates a cache in <paramref name="dir"/> using <paramref name="http"/>.</summary>
    public RemotePluginCache(HttpClient http, string dir)
    {
        _http = http;
        _dir = dir;
    }

    /// <summary>The default cache directory (~/.cache/pluginhost/icp-plugins, or XDG_CACHE_HOME).</summary>
    public static string DefaultDir =>
        Path.Combine(System.Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } x ? x
            : Path.Combine(System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile), ".cache"), "pluginhost", "icp-plugins");

    /// <summary>Returns the verified plugin bytes, downloading them when absent from the cache or when the cached copy does not match.</summary>
    public async Task<byte[]> GetAsync(string url, string sha256, CancellationToken cancellationToken)
    {
        var path = Path.Combine(_dir, sha256 + ".wasm");
        if (File.Exists(path))
        {
            var cached = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
            if (Hex(cached) == sha256) return cached;
            File.Delete(path);
        }
        byte[] bytes;
        try
        {
            using var response = await _http.GetAsync(url, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
                throw new IcpManifestException($"{url}: download failed: HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
            bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new IcpManifestException($"{url}: download failed: {e.Message}");
        }
        var actual = Hex(bytes);
        if (actual != sha256) throw new IcpManifestException($"{url}: sha256 mismatch: expected {sha256}, got {actual}");
        Directory.CreateDirectory(_dir);
        var tmp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        await File.WriteAllBytesAsync(tmp, bytes, cancellationToken).ConfigureAwait(false);
        File.Move(tmp, path, overwrite: true);
        return bytes;
    }

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
