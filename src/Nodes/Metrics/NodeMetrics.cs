using Prometheus;

namespace PluginHost.Nodes.Metrics;

/// <summary>The node's Prometheus metrics (prometheus-net), in a registry of its own; the seams that feed them are
/// <see cref="MeteredStepExecutor"/>, <see cref="ItemTelemetry"/> and the scrape-time callbacks set in
/// <see cref="OnScrape"/>.</summary>
public sealed class NodeMetrics
{
    private static readonly double[] DurationBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];

    /// <summary>Creates the metrics in a fresh registry.</summary>
    public NodeMetrics()
    {
        Registry = Prometheus.Metrics.NewCustomRegistry();
        var factory = Prometheus.Metrics.WithCustomRegistry(Registry);
        Steps = factory.CreateCounter("pluginhost_steps_total", "Steps finished on this node, by step kind and outcome.", "kind", "outcome");
        StepDuration = factory.CreateHistogram("pluginhost_step_duration_seconds", "How long steps ran on this node, by step kind.",
            new HistogramConfiguration { LabelNames = ["kind"], Buckets = DurationBuckets });
        Items = factory.CreateCounter("pluginhost_items_total", "Work items finished on this node, by run kind and outcome.", "run_kind", "outcome");
        ItemDuration = factory.CreateHistogram("pluginhost_item_duration_seconds", "How long work items took on this node (all their steps), by run kind.",
            new HistogramConfiguration { LabelNames = ["run_kind"], Buckets = DurationBuckets });
        Runners = factory.CreateGauge("pluginhost_runners", "Plugin runners of this node (one per unit of capacity).");
        RunnersBusy = factory.CreateGauge("pluginhost_runners_busy", "Plugin runners of this node running a step now.");
        CanisterCalls = factory.CreateCounter("pluginhost_canister_calls_total", "Canister calls answered and journaled by sync steps on this node, by outcome.", "outcome");
        PluginCacheEntries = factory.CreateGauge("pluginhost_plugin_cache_entries", "Compiled plugins held in this node's in-memory cache.");
        PluginCompilations = factory.CreateCounter("pluginhost_plugin_compilations_total", "Plugins compiled by this node (cache misses).");
        Runs = factory.CreateGauge("pluginhost_runs", "Runs in the cluster's store, by run kind and state (read at scrape time).", "kind", "state");
        RunItems = factory.CreateGauge("pluginhost_run_items", "Work items of the cluster's runs, by run kind and state (read at scrape time).", "kind", "state");
        ClusterMembers = factory.CreateGauge("pluginhost_cluster_members", "Cluster members by state, as this node sees them (read at scrape time).", "state");
    }

    /// <summary>The registry GET /metrics serves.</summary>
    public CollectorRegistry Registry { get; }

    /// <summary>pluginhost_steps_total{kind,outcome}.</summary>
    public Counter Steps { get; }

    /// <summary>pluginhost_step_duration_seconds{kind}.</summary>
    public Histogram StepDuration { get; }

    /// <summary>pluginhost_items_total{run_kind,outcome}.</summary>
    public Counter Items { get; }

    /// <summary>pluginhost_item_duration_seconds{run_kind}.</summary>
    public Histogram ItemDuration { get; }

    /// <summary>pluginhost_runners.</summary>
    public Gauge Runners { get; }

    /// <summary>pluginhost_runners_busy.</summary>
    public Gauge RunnersBusy { get; }

    /// <summary>pluginhost_canister_calls_total{outcome}.</summary>
    public Counter CanisterCalls { get; }

    /// <summary>pluginhost_plugin_cache_entries.</summary>
    public Gauge PluginCacheEntries { get; }

    /// <summary>pluginhost_plugin_compilations_total.</summary>
    public Counter PluginCompilations { get; }

    /// <summary>pluginhost_runs{kind,state}.</summary>
    public Gauge Runs { get; }

    /// <summary>pluginhost_run_items{kind,state}.</summary>
    public Gauge RunItems { get; }

    /// <summary>pluginhost_cluster_members{state}.</summary>
    public Gauge ClusterMembers { get; }

    /// <summary>Runs <paramref name="collect"/> before every scrape (e.g. to read the store's runs and members); a failure
    /// of it leaves the previous values and is not the scrape's.</summary>
    public void OnScrape(Func<NodeMetrics, CancellationToken, Task> collect) =>
        Registry.AddBeforeCollectCallback(async ct =>
        {
            try { await collect(this, ct); }
            catch (Exception e) when (e is not OperationCanceledException) { ScrapeErrors++; }
        });

    /// <summary>How many scrape-time collections failed (kept out of the output: the scrape still answers).</summary>
    public int ScrapeErrors { get; private set; }

    /// <summary>Sets a labelled gauge family to exactly <paramref name="counts"/>: label sets no longer present go to 0.</summary>
    public static void SetAll(Gauge gauge, IEnumerable<(string[] Labels, double Value)> counts)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (labels, value) in counts)
        {
            gauge.WithLabels(labels).Set(value);
            seen.Add(string.Join('\0', labels));
        }
        foreach (var labels in gauge.GetAllLabelValues())
            if (!seen.Contains(string.Join('\0', labels))) gauge.WithLabels(labels).Set(0);
    }
}
