using PluginHost.Shared.Manifests;

namespace PluginHost.Plugins.Proto.Host;

/// <summary>What proto's host functions may do for one tool run: commands, HTTP, environment, logging.</summary>
public sealed record ProtoHostOptions
{
    /// <summary>Commands exec_command may run (names, or file names of paths); the node setting proto.allowed-commands; empty denies all.</summary>
    public IReadOnlyList<string> AllowedCommands { get; init; } = [];
    /// <summary>Host name globs send_request and downloads may reach; empty denies all.</summary>
    public IReadOnlyList<string> AllowedHosts { get; init; } = [];
    /// <summary>The only directory file:// URLs may read from (file://./x resolves against it); null denies file:// URLs.</summary>
    public string? FileRoot { get; init; }
    /// <summary>The .prototools settings (URL rewrites, HTTP options).</summary>
    public ProtoSettings Settings { get; init; } = ProtoSettings.Default;
    /// <summary>Maximum bytes of a send_request response body.</summary>
    public long MaxResponseBytes { get; init; } = 64L * 1024 * 1024;
    /// <summary>Time limit of one exec_command.</summary>
    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromMinutes(5);
}
