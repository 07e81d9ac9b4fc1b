using PluginHost.Actors.Cluster;
using PluginHost.Actors.Runners;

namespace PluginHost.Nodes.Server;

/// <summary>The step kinds a cluster node adds to every node's kinds: "builtin" (tests and smoke checks).</summary>
public static class ClusterSteps
{
    /// <summary>Adds the cluster-only kinds to <paramref name="registry"/>.</summary>
    public static void Register(StepExecutorRegistry registry, string nodeId) =>
        registry.Add(new BuiltinStepExecutor(nodeId));
}
