namespace PluginHost.Shared.Manifests.Icp;

/// <summary>A parsed icp.yaml: canisters with their sync steps, and environments with canister ids.</summary>
/// <param name="File">Path of the icp.yaml.</param>
/// <param name="Canisters">Canisters in file order.</param>
/// <param name="Environments">Environments in file order.</param>
public sealed record IcpProject(string File, IReadOnlyList<IcpCanister> Canisters, IReadOnlyList<IcpEnvironment> Environments)
{
    /// <summary>The directory holding icp.yaml (canister dirs are relative to it).</summary>
    public string Dir => Path.GetDirectoryName(Path.GetFullPath(File))!;

    /// <summary>Networks declared under `networks:`, in file order (empty when none).</summary>
    public IReadOnlyList<IcpNetworkDecl> Networks { get; init; } = [];
}

/// <summary>A declared network: `mode: connected` with `url` (and optional `root-key`, 266 hex characters), or `mode: managed`
/// reached on its `gateway` host and port (default localhost:8000).</summary>
public sealed record IcpNetworkDecl(string Name, Uri Url, string? RootKeyHex);

/// <summary>A canister: name, directory (relative to the project) and sync steps in order.</summary>
public sealed record IcpCanister(string Name, string Dir, IReadOnlyList<IcpSyncStep> Steps);

/// <summary>An environment: name, network and the ids of its canisters by name.</summary>
public sealed record IcpEnvironment(string Name, string Network, IReadOnlyDictionary<string, string> CanisterIds);

/// <summary>One sync step of a canister.</summary>
public abstract record IcpSyncStep(int Index);

/// <summary>A `plugin` step: a local path or a url pinned by sha256, with its sandbox and allowed call targets.</summary>
public sealed record IcpPluginStep(
    int Index,
    string? Path,
    string? Url,
    string? Sha256,
    IReadOnlyList<string> Dirs,
    IReadOnlyList<IcpFileEntry> Files,
    IReadOnlyDictionary<string, string> Fields,
    IReadOnlyList<string> Canisters) : IcpSyncStep(Index);

/// <summary>A file entry: the name the plugin sees and the path read (the same for list entries).</summary>
public sealed record IcpFileEntry(string Name, string Path);

/// <summary>A `script` step: a shell command run in the canister directory.</summary>
public sealed record IcpScriptStep(int Index, string Command) : IcpSyncStep(Index);
