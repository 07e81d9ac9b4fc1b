using PluginHost.Plugins.Proto.Host;
using PluginHost.Plugins.Hosting;
using Wasmtime;

namespace PluginHost.Plugins.Proto.Install;

/// <summary>What to install: a tool id, its plugin, the requested version and where and how.</summary>
public sealed record ToolInstallRequest
{
    /// <summary>The tool id (e.g. node).</summary>
    public required string ToolId { get; init; }
    /// <summary>The compiled plugin; or give <see cref="PluginBytes"/>.</summary>
    public Module? Module { get; init; }
    /// <summary>The plugin's wasm bytes, compiled with <see cref="Engine"/> when no Module is given.</summary>
    public byte[]? PluginBytes { get; init; }
    /// <summary>The engine <see cref="Module"/> was compiled with and the plugin runs on (null: <see cref="WasmEngine.Shared"/>).</summary>
    public WasmEngine? Engine { get; init; }
    /// <summary>Version, alias or range requested; null detects it from the plugin's version files (detect_version_files),
    /// else uses the plugin's default_version, else fails.</summary>
    public string? Version { get; init; }
    /// <summary>Where version detection starts (it walks up to <see cref="ToolDirectories.Workspace"/>); null starts at the workspace.</summary>
    public string? WorkingDirectory { get; init; }
    /// <summary>The node's directories.</summary>
    public required ToolDirectories Directories { get; init; }
    /// <summary>Host function permissions and .prototools settings.</summary>
    public ProtoHostOptions Options { get; init; } = new();
    /// <summary>The tool's .prototools configuration as JSON (config key proto_tool_config), or null.</summary>
    public string? ToolConfigJson { get; init; }
    /// <summary>Time limit of one plugin call.</summary>
    public TimeSpan CallTimeout { get; init; } = TimeSpan.FromSeconds(60);
    /// <summary>Pause between download retries (first retry; then doubled).</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(500);
    /// <summary>Whether an existing install of the resolved version is replaced.</summary>
    public bool Force { get; init; }
}
