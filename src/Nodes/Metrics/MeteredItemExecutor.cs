using System.Diagnostics;
using PluginHost.Actors.Cluster;
using PluginHost.Shared.Runs;

namespace PluginHost.Nodes.Metrics;

/// <summary>An item executor that counts and times the items of the one it wraps and traces each item as a span in its
/// run's trace.</summary>
public sealed class MeteredItemExecutor(IItemExecutor inner, NodeMetrics metrics, ItemSpans spans) : IItemExecutor
{
    /// <inheritdoc />
    public async Task<ItemOutcome> ExecuteAsync(RunSpec run, WorkItemSpec item, ItemEventSink events, CancellationToken cancellationToken)
    {
        using var span = PluginHostTracing.Source.StartActivity($"item {item.Name}", ActivityKind.Internal, PluginHostTracing.RunContext(run.RunId));
        span?.SetTag("pluginhost.run.id", run.RunId);
        span?.SetTag("pluginhost.run.kind", run.Kind);
        span?.SetTag("pluginhost.item.id", item.ItemId);
        if (span is not null) spans.Start(run.RunId, item.ItemId, span.Context);
        var clock = Stopwatch.StartNew();
        var outcome = "lost";
        try
        {
            var result = await inner.ExecuteAsync(run, item, events, cancellationToken);
            outcome = result == ItemOutcome.Succeeded ? "succeeded" : "failed";
            if (result != ItemOutcome.Succeeded) span?.SetStatus(ActivityStatusCode.Error, "item failed");
            return result;
        }
        finally
        {
            spans.End(run.RunId, item.ItemId);
            metrics.Items.WithLabels(run.Kind, outcome).Inc();
            if (outcome != "lost") metrics.ItemDuration.WithLabels(run.Kind).Observe(clock.Elapsed.TotalSeconds);
        }
    }
}
