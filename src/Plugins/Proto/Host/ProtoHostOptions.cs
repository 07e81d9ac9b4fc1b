using PluginHost.Shared.Manifests;

namespace PluginHost.Plugins.Proto.Host;

/// <summary>What proto's host functions may do for one tool run: commands, HTTP, environment, logging.</summary>
public sealed record ProtoHostOptions
{
    /// <summary>Commands exec_command may run (names, or file names of paths), from the node setting proto.allowed-commands;
    /// null (the default, as in proto) runs every command; an empty list denies all.</summary>
    public IReadOnlyList<string>? AllowedCommands { get; init; }
    /// <summary>proto's default for tool plugins: every host ("*").</summary>
    public static IReadOnlyList<string> DefaultAllowedHosts { get; } = ["*"];
    /// <summary>Environment variables set for every command exec_command runs (over the node's own environment).</summary>
    public IReadOnlyDictionary<string, string> CommandEnvironment { get; init; } = new Dictionary<string, string>();
    /// <summary>Host name globs http_request, send_request and downloads may reach (default "*", like proto); empty denies all.</summary>
    public IReadOnlyList<string> AllowedHosts { get; init; } = DefaultAllowedHosts;
    /// <summary>Where <see cref="AllowedHosts"/> is changed, named when a host is refused.</summary>
    public string AllowedHostsSetting { get; init; } = "[settings] allowed-hosts in .prototools, or --allow-host";
    /// <summary>The only directory file:// URLs may read from (file://./x resolves against it); null denies file:// URLs.</summary>
    public string? FileRoot { get; init; }
    /// <summary>The .prototools settings (URL rewrites, HTTP options).</summary>
    public ProtoSettings Settings { get; init; } = ProtoSettings.Default;
    /// <summary>Maximum bytes of a send_request response body.</summary>
    public long MaxResponseBytes { get; init; } = 64L * 1024 * 1024;
    /// <summary>Time limit of one exec_command.</summary>
    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromMinutes(5);
}
