namespace PluginHost.Plugins.Proto.Api;

/// <summary>The tool's state once a version is resolved (context of download/install/locate calls).</summary>
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

/// <summary>The tool's state before a version is resolved (context of detection and version calls).</summary>
public sealed record PluginUnresolvedContext
{
    /// <summary>The proto version the host speaks for, if any.</summary>
    public string? ProtoVersion { get; init; }
    /// <summary>The tool's temporary directory (virtual).</summary>
    public required VirtualPath TempDir { get; init; }
    /// <summary>The working directory (virtual).</summary>
    public required VirtualPath WorkingDir { get; init; }
}
