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
        if (!Uri.TryCreate(rewritten, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            throw new InvalidOperationException(rewritten == url ? $"invalid URL '{url}'" : $"invalid URL '{rewritten}' (rewritten from '{url}')");
        if (!HostAllowed(_options.AllowedHosts, uri.Host))
            throw new InvalidOperationException($"HTTP request to '{uri.Host}' is not allowed (allowed hosts: {(_options.AllowedHosts.Count == 0 ? "none" : string.Join(", ", _options.AllowedHosts))})");
        return uri;
    }

    /// <summary>Whether a host name matches one of the globs ("*" matches any run of characters).</summary>
    public static bool HostAllowed(IReadOnlyList<string> globs, string host) =>
        globs.Any(glob => Regex.IsMatch(host, "^" + Regex.Escape(glob).Replace("\\*", ".*") + "$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant));
}
