using PluginHost.Shared.Manifests.Icp;

namespace PluginHost.Plugins.Icp;

/// <summary>What every sync step of one run shares: project, environment, identity, proxy and compute limit.</summary>
public sealed record IcpSyncContext(
    IcpProject Project,
    IcpEnvironment Environment,
    string IdentityPrincipal,
    string? ProxyCanisterId,
    TimeSpan ComputeLimit)
{
    /// <summary>Every named canister of the environment, sorted by name (the 0.2.0 `canister-ids`).</summary>
    public IReadOnlyList<(string Name, string Id)> CanisterIds =>
        Environment.CanisterIds.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => (kv.Key, kv.Value)).ToArray();

    /// <summary>The id of a canister in this environment; throws naming the canister and environment.</summary>
    public string IdOf(string canister) => Environment.CanisterIds.TryGetValue(canister, out var id)
        ? id
        : throw new SyncPluginException($"canister `{canister}` has no id in environment `{Environment.Name}` ({Project.File})");

    /// <summary>The absolute directory of a canister.</summary>
    public string DirOf(IcpCanister canister) => Path.GetFullPath(Path.Combine(Project.Dir, canister.Dir));
}
