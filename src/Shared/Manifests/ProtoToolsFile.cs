using Tomlyn.Model;

namespace PluginHost.Shared.Manifests;

/// <summary>
/// A parsed .prototools file: top-level <c>tool = "version"</c> pins, [plugins] locators and [settings].
/// </summary>
/// <remarks>
/// Plugin locators in [plugins] (id = locator):
/// <list type="bullet">
/// <item><c>"file://./plugins/node.wasm"</c> or <c>"file:///abs/node.wasm"</c>: a local file, relative to this file's folder.</item>
/// <item><c>"https://host/node.wasm#sha256=HEX"</c> or <c>{ url = "https://host/node.wasm", sha256 = "HEX" }</c>:
/// a download pinned by the SHA-256 (64 hex digits) of its bytes; the pin is required.</item>
/// <item><c>"github://owner/repo[/project][@tag]"</c>: a release asset fetched through <c>[settings] github-mirror</c>
/// (default https://github.com); a table <c>{ url = "github://...", sha256 = "HEX" }</c> adds an optional pin.</item>
/// </list>
/// [settings] reads <c>github-mirror</c>, <c>[settings.url-rewrites]</c> ("regex" = "replacement", applied in order to
/// every download URL) and <c>[settings.http]</c> (timeout-seconds, connect-timeout-seconds, retries, allow-invalid-certs);
/// other proto settings are ignored. [tools.ID] tables are kept as the tool's config JSON (what plugins read as
/// proto_tool_config); [env] is ignored; other sections are errors.
/// </remarks>
/// <param name="FileName">The file read, or the name given to Parse.</param>
/// <param name="Tools">Top-level tool pins in file order.</param>
/// <param name="Plugins">[plugins] entries in file order.</param>
/// <param name="Settings">[settings], or defaults.</param>
public sealed record ProtoToolsFile(
    string FileName,
    IReadOnlyList<ProtoToolVersion> Tools,
    IReadOnlyList<ProtoPlugin> Plugins,
    ProtoSettings Settings)
{
    /// <summary>The pinned version of a tool, or null when the file does not pin it.</summary>
    public string? VersionOf(string tool) => Tools.FirstOrDefault(t => t.Tool == tool)?.Version;

    /// <summary>[tools.ID] tables as JSON objects, by tool id.</summary>
    public IReadOnlyDictionary<string, string> ToolConfigs { get; init; } = new Dictionary<string, string>();

    /// <summary>The plugin registered under an id, or null.</summary>
    public ProtoPlugin? PluginFor(string id) => Plugins.FirstOrDefault(p => p.Id == id);

    /// <summary>Reads and parses a .prototools file; relative file:// locators resolve against its folder.</summary>
    public static ProtoToolsFile Load(string path) => Read(path, File.ReadAllBytes(path));

    /// <summary>Reads and parses a .prototools file asynchronously.</summary>
    public static async Task<ProtoToolsFile> LoadAsync(string path, CancellationToken cancellationToken = default)
    {
        var bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        return Read(path, bytes);
    }

    /// <summary>Parses .prototools text; fileName names the file in errors and its folder anchors relative file:// paths.</summary>
    public static ProtoToolsFile Parse(string text, string fileName) => FromToml(fileName, ProtoToml.Parse(text, fileName));

    private static ProtoToolsFile Read(string path, byte[] bytes) => FromToml(path, ProtoToml.Parse(bytes, path));

    private static ProtoToolsFile FromToml(string fileName, TomlTable root) => new ProtoToolsReader(fileName).Read(root);
}
