using PluginHost.Actors.Journal;
using PluginHost.Actors.Runners;

namespace PluginHost.Nodes.Metrics;

/// <summary>What a scrape reads now rather than counts as it happens: the store's runs, items and members, and this
/// node's compiled-plugin cache.</summary>
public static class NodeScrape
{
    /// <summary>Sets the scrape-time gauges from <paramref name="journal"/> and <paramref name="modules"/>.</summary>
    public static async Task CollectAsync(NodeMetrics metrics, IJournal journal, ModuleCache modules, CancellationToken cancellationToken)
    {
        metrics.PluginCacheEntries.Set(modules.Count);
        metrics.PluginCompilations.IncTo(modules.Compilations);
        var runs = await journal.ListRunsAsync(cancellationToken);
        NodeMetrics.SetAll(metrics.Runs, runs.GroupBy(r => (r.Kind, r.State))
            .Select(g => (new[] { g.Key.Kind, g.Key.State.ToString().ToLowerInvariant() }, (double)g.Count())));
        NodeMetrics.SetAll(metrics.RunItems, runs.GroupBy(r => r.Kind).SelectMany(g => new[]
        {
            (new[] { g.Key, "succeeded" }, (double)g.Sum(r => r.ItemsSucceeded)),
            (new[] { g.Key, "failed" }, (double)g.Sum(r => r.ItemsFailed)),
            (new[] { g.Key, "unfinished" }, (double)g.Sum(r => r.ItemCount - r.ItemsSucceeded - r.ItemsFailed)),
        }));
        var members = await journal.ListNodesAsync(cancellationToken);
        NodeMetrics.SetAll(metrics.ClusterMembers, Enum.GetValues<NodeState>()
            .Select(s => (new[] { s.ToString().ToLowerInvariant() }, (double)members.Count(m => m.State == s))));
    }
}
