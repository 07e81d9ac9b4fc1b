namespace PluginHost.Plugins.Proto.Api;

/// <summary>Input of locate_executables.</summary>
public sealed record LocateExecutablesInput
{
    /// <summary>The current context.</summary>
    public required PluginContext Context { get; init; }
    /// <summary>The directory the tool was installed to (virtual).</summary>
    public required VirtualPath InstallDir { get; init; }
}

/// <summary>Output of locate_executables.</summary>
public sealed record LocateExecutablesOutput
{
    /// <summary>Executables by name.</summary>
    public IReadOnlyDictionary<string, ExecutableConfig> Exes { get; init; } = new Dictionary<string, ExecutableConfig>();
    /// <summary>Directories (relative to the install dir) holding further executables.</summary>
    public IReadOnlyList<string> ExesDirs { get; init; } = [];
    /// <summary>Directories searched for globally installed packages.</summary>
    public IReadOnlyList<string> GlobalsLookupDirs { get; init; } = [];
    /// <summary>Prefix of global package executables.</summary>
    public string? GlobalsPrefix { get; init; }
}

/// <summary>One executable of a tool: where it is and how it is linked.</summary>
public sealed record ExecutableConfig
{
    /// <summary>The file, relative to the install directory.</summary>
    public string? ExePath { get; init; }
    /// <summary>A different file to link instead of exe_path.</summary>
    public string? ExeLinkPath { get; init; }
    /// <summary>Do not link it into the bin directory.</summary>
    public bool NoBin { get; init; }
    /// <summary>Do not create a shim.</summary>
    public bool NoShim { get; init; }
    /// <summary>Arguments for the parent executable.</summary>
    public IReadOnlyList<string>? ParentExeArgs { get; init; }
    /// <summary>An executable needed to run this one (e.g. node).</summary>
    public string? ParentExeName { get; init; }
    /// <summary>Whether this is the tool's primary executable.</summary>
    public bool Primary { get; init; }
    /// <summary>Environment of the shim.</summary>
    public IReadOnlyDictionary<string, string>? ShimEnvVars { get; init; }
    /// <summary>Make the file executable (WASI cannot).</summary>
    public bool UpdatePerms { get; init; }
}
