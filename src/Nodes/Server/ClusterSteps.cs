using PluginHost.Actors.Runners;
using PluginHost.Nodes.Sync;
using PluginHost.Shared.Manifests.Icp;

namespace PluginHost.Nodes.Server;

/// <summary>The step kinds a cluster node adds to every node's kinds: "builtin" (tests and smoke checks) and the icp sync
/// kinds (`icp-plugin`, `icp-script`) of `pluginhost sync --server`, whose inputs name the project by path.</summary>
public static class ClusterSteps
{
    private static readonly HttpClient Http = new();

    /// <summary>Adds the cluster kinds to <paramref name="registry"/>; canister calls of dry-run syncs are printed to <paramref name="log"/>.</summary>
    public static void Register(StepExecutorRegistry registry, string nodeId, TextWriter log)
    {
        registry.Add(new BuiltinStepExecutor(nodeId));
        new IcpSyncSessions(log, new RemotePluginCache(Http, RemotePluginCache.DefaultDir)).Register(registry);
    }
}
