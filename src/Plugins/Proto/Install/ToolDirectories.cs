namespace PluginHost.Plugins.Proto.Install;

/// <summary>Where a node keeps proto's files: /proto, /temp and /userhome live under its data directory; /cwd and /workspace are the workspace.</summary>
/// <param name="DataDir">The node's data directory.</param>
/// <param name="Workspace">The project workspace (working directory of plugin calls).</param>
public sealed record ToolDirectories(string DataDir, string Workspace)
{
    /// <summary>proto's root (virtual /proto): tools/ID/VERSION and bin/ live here.</summary>
    public string ProtoDir => Path.Join(DataDir, "proto");
    /// <summary>Temporary files (virtual /temp), including the download cache.</summary>
    public string TempDir => Path.Join(DataDir, "temp");
    /// <summary>The plugin's home directory (virtual /userhome).</summary>
    public string HomeDir => Path.Join(DataDir, "home");
    /// <summary>Where executables are linked.</summary>
    public string BinDir => Path.Join(ProtoDir, "bin");
    /// <summary>The download cache, keyed by URL.</summary>
    public string DownloadsDir => Path.Join(TempDir, "downloads");
    /// <summary>The install directory of a tool version.</summary>
    public string ToolDir(string toolId, string version) => Path.Join(ProtoDir, "tools", toolId, version);
}
