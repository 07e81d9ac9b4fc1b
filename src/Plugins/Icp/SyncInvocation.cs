namespace PluginHost.Plugins.Icp;

/// <summary>Everything one plugin run for one canister needs (already validated; see <see cref="SyncSandbox"/>).</summary>
public sealed record SyncInvocation
{
    /// <summary>Name of the canister being synced (prefix of kept stderr lines).</summary>
    public required string CanisterName { get; init; }
    /// <summary>Id of the canister being synced (the `host` call target).</summary>
    public required string CanisterId { get; init; }
    /// <summary>Environment name.</summary>
    public required string Environment { get; init; }
    /// <summary>Directory the relative <see cref="Dirs"/> are resolved against.</summary>
    public required string BaseDir { get; init; }
    /// <summary>Validated relative directories, preopened read-only at the same path.</summary>
    public IReadOnlyList<string> Dirs { get; init; } = [];
    /// <summary>Inline files (name as declared, UTF-8 content).</summary>
    public IReadOnlyList<(string Name, string Content)> Files { get; init; } = [];
    /// <summary>Principal of the identity making calls.</summary>
    public string IdentityPrincipal { get; init; } = "2vxsx-fae";
    /// <summary>Proxy canister for non-direct update calls (null = none).</summary>
    public string? ProxyCanisterId { get; init; }
    /// <summary>Every named canister of the environment (0.2.0 `canister-ids`), sorted by name.</summary>
    public IReadOnlyList<(string Name, string Id)> CanisterIds { get; init; } = [];
    /// <summary>The step's `canisters` list resolved to ids: the only allowed `name(x)` targets.</summary>
    public IReadOnlyDictionary<string, string> DeclaredTargets { get; init; } = new Dictionary<string, string>();
    /// <summary>Gateway for this run's calls instead of the host's (e.g. a <see cref="JournaledGateway"/> per step attempt).</summary>
    public ICanisterGateway? Gateway { get; init; }
    /// <summary>Compute limit (time in canister calls is credited back).</summary>
    public TimeSpan ComputeLimit { get; init; } = Icp.ComputeLimit.Default;
}
