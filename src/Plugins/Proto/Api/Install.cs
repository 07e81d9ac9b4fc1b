namespace PluginHost.Plugins.Proto.Api;

/// <summary>Input of native_install.</summary>
public sealed record NativeInstallInput
{
    /// <summary>The current context.</summary>
    public required PluginContext Context { get; init; }
    /// <summary>Whether the install is forced.</summary>
    public bool Force { get; init; }
    /// <summary>The directory to install into (virtual).</summary>
    public required VirtualPath InstallDir { get; init; }
}

/// <summary>Output of native_install.</summary>
public sealed record NativeInstallOutput
{
    /// <summary>A checksum the install produced.</summary>
    public string? Checksum { get; init; }
    /// <summary>Why the install failed.</summary>
    public string? Error { get; init; }
    /// <summary>Whether the tool was installed.</summary>
    public required bool Installed { get; init; }
    /// <summary>Whether the host should skip its own download install.</summary>
    public bool SkipInstall { get; init; }
}

/// <summary>Input of the pre_install and post_install hooks.</summary>
public sealed record InstallHook
{
    /// <summary>The current context.</summary>
    public required PluginContext Context { get; init; }
    /// <summary>Whether the install is forced.</summary>
    public bool Forced { get; init; }
    /// <summary>Arguments passed through to the tool.</summary>
    public IReadOnlyList<string> PassthroughArgs { get; init; } = [];
    /// <summary>Whether the resolved version gets pinned.</summary>
    public bool Pinned { get; init; }
    /// <summary>Whether output is hidden.</summary>
    public bool Quiet { get; init; }
}

/// <summary>Input of sync_manifest.</summary>
public sealed record SyncManifestInput
{
    /// <summary>The current context (the version just installed).</summary>
    public required PluginContext Context { get; init; }
}

/// <summary>Output of sync_manifest.</summary>
public sealed record SyncManifestOutput
{
    /// <summary>The installed versions, replacing the host's list.</summary>
    public IReadOnlyList<string>? Versions { get; init; }
    /// <summary>Whether to skip syncing.</summary>
    public bool SkipSync { get; init; }
}
