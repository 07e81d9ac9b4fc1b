namespace PluginHost.Shared.Manifests;

/// <summary>[settings]: URL rewrites, HTTP options, the GitHub mirror used for github:// locators and the hosts tool plugins may reach.</summary>
/// <param name="UrlRewrites">[settings.url-rewrites] in file order.</param>
/// <param name="Http">[settings.http].</param>
/// <param name="GitHubMirror">Base URL serving GitHub release paths (settings github-mirror).</param>
public sealed record ProtoSettings(IReadOnlyList<UrlRewrite> UrlRewrites, ProtoHttpSettings Http, Uri GitHubMirror)
{
    /// <summary>The mirror used when settings do not name one.</summary>
    public static Uri DefaultGitHubMirror { get; } = new("https://github.com/");

    /// <summary>Settings with no rewrites, default HTTP options and github.com.</summary>
    public static ProtoSettings Default { get; } = new([], ProtoHttpSettings.Default, DefaultGitHubMirror);

    /// <summary>[settings] allowed-hosts: host globs tool plugins and downloads may reach; null leaves the node's choice (default "*").</summary>
    public IReadOnlyList<string>? AllowedHosts { get; init; }

    /// <summary>Applies every URL rewrite in file order.</summary>
    public string RewriteUrl(string url) => UrlRewrites.Aggregate(url, (current, rewrite) => rewrite.Apply(current));

    /// <summary>The URL to download a locator from after rewrites, or null for a local file; throws FormatException if a rewrite breaks the URL.</summary>
    public Uri? ResolveDownloadUrl(PluginLocator locator) => locator switch
    {
        UrlPluginLocator url => Rewritten(url.Url),
        GitHubPluginLocator github => Rewritten(github.DownloadUrl(GitHubMirror)),
        _ => null,
    };

    private Uri Rewritten(Uri url)
    {
        var text = RewriteUrl(url.AbsoluteUri);
        if (!Uri.TryCreate(text, UriKind.Absolute, out var result) || result.Scheme is not ("https" or "http"))
            throw new FormatException($"[settings.url-rewrites] turned '{url.AbsoluteUri}' into '{text}', which is not an absolute http(s) URL");
        return result;
    }
}
