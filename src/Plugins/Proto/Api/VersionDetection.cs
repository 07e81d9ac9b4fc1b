namespace PluginHost.Plugins.Proto.Api;

/// <summary>Input of detect_version_files.</summary>
public sealed record DetectVersionInput
{
    /// <summary>The current context.</summary>
    public required PluginUnresolvedContext Context { get; init; }
}

/// <summary>Output of detect_version_files.</summary>
public sealed record DetectVersionOutput
{
    /// <summary>File names that may hold a version (e.g. .nvmrc).</summary>
    public IReadOnlyList<string> Files { get; init; } = [];
    /// <summary>Path patterns ignored while walking directories.</summary>
    public IReadOnlyList<string> Ignore { get; init; } = [];
}

/// <summary>Input of parse_version_file.</summary>
public sealed record ParseVersionFileInput
{
    /// <summary>The file's contents.</summary>
    public required string Content { get; init; }
    /// <summary>The current context.</summary>
    public required PluginUnresolvedContext Context { get; init; }
    /// <summary>The file's name.</summary>
    public required string File { get; init; }
    /// <summary>The file's path (virtual).</summary>
    public required VirtualPath Path { get; init; }
}

/// <summary>Output of parse_version_file.</summary>
public sealed record ParseVersionFileOutput
{
    /// <summary>The version or range found, or null.</summary>
    public string? Version { get; init; }
}
