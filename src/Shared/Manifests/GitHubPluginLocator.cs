namespace PluginHost.Shared.Manifests;

/// <summary>
/// A plugin published as a GitHub release asset, written <c>github://owner/repo[/project][@tag]</c>.
/// The asset is <c>{project or repo, '-' as '_'}.wasm</c>, downloaded from the configured mirror (settings github-mirror).
/// </summary>
/// <param name="Owner">The GitHub user or organisation.</param>
/// <param name="Repo">The repository name.</param>
/// <param name="Project">The project within a multi-plugin repository, or null for the repository itself.</param>
/// <param name="Tag">The release tag, or null for the latest release.</param>
/// <param name="Sha256">Optional lowercase hex SHA-256 pin.</param>
public sealed record GitHubPluginLocator(string Owner, string Repo, string? Project, string? Tag, string? Sha256) : PluginLocator(Sha256)
{
    /// <summary>The release asset file name, e.g. node_tool.wasm.</summary>
    public string AssetName => (Project ?? Repo).Replace('-', '_') + ".wasm";

    /// <summary>The download URL under a GitHub-compatible mirror: {mirror}/owner/repo/releases/(latest/download|download/tag)/asset.</summary>
    public Uri DownloadUrl(Uri mirror)
    {
        var root = mirror.AbsoluteUri.TrimEnd('/');
        var release = Tag == null ? "releases/latest/download" : $"releases/download/{Uri.EscapeDataString(Tag)}";
        return new Uri($"{root}/{Owner}/{Repo}/{release}/{AssetName}");
    }
}
