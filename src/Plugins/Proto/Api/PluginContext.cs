namespace PluginHost.Plugins.Proto.Api;

/// <summary>The tool's state once a version is resolved (context of download/install/locate calls); carries the fields of proto_pdk before and after 0.60.</summary>
public sealed record PluginContext
{
    /// <summary>The proto version the host speaks for, if any.</summary>
    public string? ProtoVersion { get; init; }
    /// <summary>The tool's temporary directory (virtual).</summary>
    public required VirtualPath TempDir { get; init; }
    /// <summary>The tool's install directory for this version (virtual).</summary>
    public required VirtualPath ToolDir { get; init; }
    /// <summary>The resolved version.</summary>
    public required string Version { get; init; }
    /// <summary>The working directory (virtual).</summary>
    public required VirtualPath WorkingDir { get; init; }
}

/// <summary>
/// The tool's state before a version is resolved (context of detection and version calls). proto_pdk 0.60+ reads
/// temp_dir/working_dir; plugins built before it read tool_dir and version (required there): both are sent.
/// </summary>
public sealed record PluginUnresolvedContext
{
    /// <summary>The proto version the host speaks for, if any.</summary>
    public string? ProtoVersion { get; init; }
    /// <summary>The tool's temporary directory (virtual).</summary>
    public required VirtualPath TempDir { get; init; }
    /// <summary>The tool's directory (virtual; pre-0.60 plugins require it): DATA/tools/ID before a version is known.</summary>
    public required VirtualPath ToolDir { get; init; }
    /// <summary>The requested version or alias ("latest" when none yet; pre-0.60 plugins require it).</summary>
    public required string Version { get; init; }
    /// <summary>The working directory (virtual).</summary>
    public required VirtualPath WorkingDir { get; init; }
}
