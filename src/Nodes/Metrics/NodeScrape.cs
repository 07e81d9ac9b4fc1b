using PluginHost.Actors.Hosting;
using PluginHost.Actors.Runners;

namespace PluginHost.Nodes.Metrics;

/// <summary>What a scrape reads now rather than counts as it happens: the journal's runs and items, the cluster's
/// members by status, and this node's compiled-plugin cache.</summary>
public static class NodeScrape
{
    /// <summary>Sets the scrape-time gauges from <paramref name="node"/> and <paramref name="modules"/>.</summary>
    public static async Task CollectAsync(NodeMetrics metrics, AkkaNode node, ModuleCache modules, CancellationToken cancellationToken)
    {
        metrics.PluginCacheEntries.Set(modules.Count);
        metrics.PluginCompilations.IncTo(modules.Compilations);
        var runs = await node.Query.ListAsync(cancellationToken);
        NodeMetrics.SetAll(metrics.Runs, runs.GroupBy(r => (r.Kind, State: r.Completed ? (r.Failed > 0 ? "failed" : "completed") : "running"))
            .Select(g => (new[] { g.Key.Kind, g.Key.State }, (double)g.Count())));
        NodeMetrics.SetAll(metrics.RunItems, runs.GroupBy(r => r.Kind).SelectMany(g => new[]
        {
            (new[] { g.Key, "succeeded" }, (double)g.Sum(r => r.Succeeded)),
            (new[] { g.Key, "failed" }, (double)g.Sum(r => r.Failed)),
            (new[] { g.Key, "unfinished" }, (double)g.Sum(r => r.Items - r.Succeeded - r.Failed)),
        }));
        var members = node.Cluster.State.Members;
        NodeMetrics.SetAll(metrics.ClusterMembers, members.GroupBy(m => m.Status.ToString().ToLowerInvariant())
            .Select(g => (new[] { g.Key }, (double)g.Count())));
    }
}
