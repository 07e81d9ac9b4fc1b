using System.Text.RegularExpressions;

namespace PluginHost.Shared.Manifests;

/// <summary>One [settings.url-rewrites] entry: a regex and its replacement ($1, ${name} refer to groups).</summary>
/// <param name="Pattern">The regular expression matched against a download URL.</param>
/// <param name="Replacement">The replacement text.</param>
public sealed record UrlRewrite(Regex Pattern, string Replacement)
{
    /// <summary>Applies the rewrite to a URL (every match is replaced).</summary>
    public string Apply(string url) => Pattern.Replace(url, Replacement);
}
