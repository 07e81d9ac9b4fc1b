using System.Security.Cryptography;
using System.Text;
using PluginHost.Shared.Manifests;

namespace PluginHost.Nodes.Installs;

/// <summary>Turns a .prototools plugin locator into a local .wasm file: file:// as is, https:// and github:// downloaded
/// (through the mirror and URL rewrites) into DATA/plugins/, every SHA-256 pin verified.</summary>
public sealed class PluginResolver
{
    private readonly HttpClient _http;
    private readonly string _cacheDir;

    /// <summary>Creates a resolver caching downloads under <paramref name="dataDir"/>/plugins.</summary>
    public PluginResolver(HttpClient http, string dataDir)
    {
        _http = http;
        _cacheDir = Path.Join(dataDir, "plugins");
    }

    /// <summary>The local path of the plugin's .wasm; throws <see cref="PluginResolveException"/> naming the file and tool.</summary>
    public async Task<string> ResolveAsync(ProtoToolsFile file, ProtoPlugin plugin, CancellationToken cancellationToken)
    {
        var where = $"{file.FileName}: [plugins] {plugin.Id}";
        if (plugin.Locator is FilePluginLocator local)
        {
            if (!File.Exists(local.FullPath)) throw new PluginResolveException($"{where}: plugin file {local.FullPath} does not exist");
            if (local.Sha256 is { } pin) CheckPin(where, await File.ReadAllBytesAsync(local.FullPath, cancellationToken), pin);
            return local.FullPath;
        }
        Uri url;
        try { url = file.Settings.ResolveDownloadUrl(plugin.Locator) ?? throw new FormatException("the locator has no download URL"); }
        catch (FormatException e) { throw new PluginResolveException($"{where}: {e.Message}"); }
        var key = plugin.Locator.Sha256 ?? Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(url.AbsoluteUri)));
        var cached = Path.Join(_cacheDir, key + ".wasm");
        if (plugin.Locator.Sha256 is { } cachedPin && File.Exists(cached)
            && Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(cached, cancellationToken))) == cachedPin)
            return cached;
        byte[] bytes;
        try
        {
            using var response = await _http.GetAsync(url, cancellationToken);
            if (!response.IsSuccessStatusCode)
                throw new PluginResolveException($"{where}: GET {url} answered {(int)response.StatusCode} {response.ReasonPhrase}");
            bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new PluginResolveException($"{where}: GET {url} failed: {e.Message}");
        }
        if (plugin.Locator.Sha256 is { } pinned) CheckPin(where, bytes, pinned);
        Directory.CreateDirectory(_cacheDir);
        var temp = cached + ".part-" + Guid.NewGuid().ToString("N")[..8];
        await File.WriteAllBytesAsync(temp, bytes, cancellationToken);
        File.Move(temp, cached, overwrite: true);
        return cached;
    }

    private static void CheckPin(string where, byte[] bytes, string pin)
    {
        var actual = Convert.ToHexStringLower(SHA256.HashData(bytes));
        if (!string.Equals(actual, pin, StringComparison.OrdinalIgnoreCase))
            throw new PluginResolveException($"{where}: SHA-256 mismatch: the pin is {pin} but the plugin's bytes hash to {actual}");
    }
}
