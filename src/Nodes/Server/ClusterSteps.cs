using PluginHost.Actors.Cluster;
using PluginHost.Actors.Runners;
using PluginHost.Nodes.Sync;

namespace PluginHost.Nodes.Server;

/// <summary>The step kinds a cluster node adds to every node's kinds: "builtin" (tests and smoke checks) and
/// "icp-project" (self-contained icp sync steps sent by `pluginhost sync --server`).</summary>
public static class ClusterSteps
{
    private static readonly HttpClient Http = new();

    /// <summary>Adds the cluster-only kinds to <paramref name="registry"/>.</summary>
    public static void Register(StepExecutorRegistry registry, string nodeId) =>
        registry.Add(new BuiltinStepExecutor(nodeId)).Add(new IcpProjectStepExecutor(Http));
}
