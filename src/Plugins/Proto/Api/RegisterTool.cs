namespace PluginHost.Plugins.Proto.Api;

/// <summary>Input of register_tool.</summary>
public sealed record RegisterToolInput
{
    /// <summary>The tool id as configured.</summary>
    public required string Id { get; init; }
}

/// <summary>Output of register_tool: the tool's metadata.</summary>
public sealed record RegisterToolOutput
{
    /// <summary>Human-readable tool name.</summary>
    public required string Name { get; init; }
    /// <summary>Tool type (language, dependency-manager, command-line, version-manager).</summary>
    public string? Type { get; init; }
    /// <summary>Default install strategy (download-prebuilt or build-from-source).</summary>
    public string? DefaultInstallStrategy { get; init; }
    /// <summary>Version or alias used when none is requested.</summary>
    public string? DefaultVersion { get; init; }
    /// <summary>Deprecation notices for users of the plugin.</summary>
    public IReadOnlyList<string>? Deprecations { get; init; }
    /// <summary>Minimum proto version the plugin needs.</summary>
    public string? MinimumProtoVersion { get; init; }
    /// <summary>The plugin's own version.</summary>
    public string? PluginVersion { get; init; }
    /// <summary>Other plugins this one requires.</summary>
    public IReadOnlyList<string>? Requires { get; init; }
    /// <summary>Commands that would self-upgrade the tool.</summary>
    public IReadOnlyList<string>? SelfUpgradeCommands { get; init; }
    /// <summary>Inventory options (override_dir_name, version_suffix, ...).</summary>
    public ToolInventoryOptions? InventoryOptions { get; init; }
}

/// <summary>Where a tool's versions are installed.</summary>
public sealed record ToolInventoryOptions
{
    /// <summary>Replacement name of the inventory directory.</summary>
    public string? OverrideDirName { get; init; }
    /// <summary>Suffix appended to version directory names.</summary>
    public string? VersionSuffix { get; init; }
}
