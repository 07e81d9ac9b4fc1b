namespace PluginHost.Plugins.Proto.Install;

/// <summary>
/// Where a node keeps proto's files, all under its data directory: DATA/tools/ID/VERSION (installs, plus
/// DATA/tools/ID/manifest.json), DATA/bin (executable links), DATA/proto (the rest of proto's root), DATA/temp and DATA/home.
/// Plugins see them as /proto/tools, /proto/bin, /proto, /temp and /userhome; /cwd and /workspace are the workspace.
/// </summary>
/// <param name="DataDir">The node's data directory.</param>
/// <param name="Workspace">The project workspace (working directory of plugin calls).</param>
public sealed record ToolDirectories(string DataDir, string Workspace)
{
    /// <summary>proto's root (virtual /proto) apart from tools and bin, which live directly under the data directory.</summary>
    public string ProtoDir => Path.Join(DataDir, "proto");
    /// <summary>Installed tools (virtual /proto/tools): ID/VERSION directories and ID/manifest.json.</summary>
    public string ToolsDir => Path.Join(DataDir, "tools");
    /// <summary>Temporary files (virtual /temp), including the download cache.</summary>
    public string TempDir => Path.Join(DataDir, "temp");
    /// <summary>The plugin's home directory (virtual /userhome).</summary>
    public string HomeDir => Path.Join(DataDir, "home");
    /// <summary>Where executables are linked (virtual /proto/bin).</summary>
    public string BinDir => Path.Join(DataDir, "bin");
    /// <summary>The download cache, keyed by URL.</summary>
    public string DownloadsDir => Path.Join(TempDir, "downloads");
    /// <summary>The install directory of a tool version.</summary>
    public string ToolDir(string toolId, string version) => Path.Join(ToolsDir, toolId, version);
    /// <summary>The manifest of a tool's installed versions.</summary>
    public string ManifestPath(string toolId) => Path.Join(ToolsDir, toolId, "manifest.json");
}
