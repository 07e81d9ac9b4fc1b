namespace PluginHost.Plugins.Proto.Api;

/// <summary>Input of load_versions.</summary>
public sealed record LoadVersionsInput
{
    /// <summary>The current context.</summary>
    public required PluginUnresolvedContext Context { get; init; }
    /// <summary>The alias or version being resolved.</summary>
    public required string Initial { get; init; }
}

/// <summary>Output of load_versions: the installable versions and aliases.</summary>
public sealed record LoadVersionsOutput
{
    /// <summary>Latest canary version.</summary>
    public string? Canary { get; init; }
    /// <summary>Latest stable version.</summary>
    public string? Latest { get; init; }
    /// <summary>Aliases (channels) to versions or other aliases.</summary>
    public IReadOnlyDictionary<string, string> Aliases { get; init; } = new Dictionary<string, string>();
    /// <summary>Installable versions.</summary>
    public IReadOnlyList<string> Versions { get; init; } = [];
}

/// <summary>Input of resolve_version.</summary>
public sealed record ResolveVersionInput
{
    /// <summary>The current context.</summary>
    public required PluginUnresolvedContext Context { get; init; }
    /// <summary>The alias or version being resolved.</summary>
    public required string Initial { get; init; }
}

/// <summary>Output of resolve_version.</summary>
public sealed record ResolveVersionOutput
{
    /// <summary>A new alias or version to resolve instead.</summary>
    public string? Candidate { get; init; }
    /// <summary>An explicit version to use as-is.</summary>
    public string? Version { get; init; }
}
