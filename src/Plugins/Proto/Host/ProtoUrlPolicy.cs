using System.Text.RegularExpressions;

namespace PluginHost.Plugins.Proto.Host;

/// <summary>Where a tool run may send HTTP requests: .prototools URL rewrites first, then the allowed-hosts globs.</summary>
public sealed class ProtoUrlPolicy
{
    private readonly ProtoHostOptions _options;

    /// <summary>Creates the policy of a run's options.</summary>
    public ProtoUrlPolicy(ProtoHostOptions options) => _options = options;

    /// <summary>The URL to fetch after rewrites; throws InvalidOperationException for a bad URL or a host not allowed.</summary>
    public Uri Check(string url)
    {
        var rewritten = _options.Settings.RewriteUrl(url);
        if (rewritten.StartsWith("file:", StringComparison.OrdinalIgnoreCase)) return CheckFile(rewritten, url);
        if (!Uri.TryCreate(rewritten, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            throw new InvalidOperationException(rewritten == url ? $"invalid URL '{url}'" : $"invalid URL '{rewritten}' (rewritten from '{url}')");
        if (!HostAllowed(_options.AllowedHosts, uri.Host))
            throw new InvalidOperationException($"HTTP request to '{uri.Host}' is not allowed (allowed hosts: {(_options.AllowedHosts.Count == 0 ? "none" : string.Join(", ", _options.AllowedHosts))}; add it to {_options.AllowedHostsSetting})");
        return uri;
    }

    private Uri CheckFile(string url, string original)
    {
        if (_options.FileRoot is not { } root)
            throw new InvalidOperationException($"invalid URL '{url}': file:// is only allowed for tools of a local .prototools");
        var path = url["file://".Length..];
        if (!url.StartsWith("file://", StringComparison.OrdinalIgnoreCase) || path.Length == 0)
            throw new InvalidOperationException(url == original ? $"invalid URL '{url}'" : $"invalid URL '{url}' (rewritten from '{original}')");
        var full = Path.GetFullPath(Uri.UnescapeDataString(path), root);
        var rootFull = Path.GetFullPath(root).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        if (!full.StartsWith(rootFull, StringComparison.Ordinal))
            throw new InvalidOperationException($"file URL '{url}' points outside {rootFull} (file:// may only read files under the .prototools folder)");
        return new Uri(full);
    }

    /// <summary>Whether a host name matches one of the globs ("*" matches any run of characters).</summary>
    public static bool HostAllowed(IReadOnlyList<string> globs, string host) =>
        globs.Any(glob => Regex.IsMatch(host, "^" + Regex.Escape(glob).Replace("\\*", ".*") + "$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant));
}
