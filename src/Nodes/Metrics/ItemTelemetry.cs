using System.Collections.Concurrent;
using System.Diagnostics;
using PluginHost.Actors.Runs;
using PluginHost.Shared.Runs;

namespace PluginHost.Nodes.Metrics;

/// <summary>Counts and times the items whose run entity lives on this node and traces each item as a span in its
/// run's trace (the parent of its steps' spans on this node).</summary>
public sealed class ItemTelemetry(NodeMetrics metrics, ItemSpans spans) : IItemObserver
{
    private readonly ConcurrentDictionary<(string RunId, string ItemId), (Activity? Span, long Started)> running = new();

    /// <inheritdoc />
    public void ItemStarted(RunSpec run, WorkItemSpec item)
    {
        // The entity's thread must not keep the item's span as its current activity.
        var previous = Activity.Current;
        var span = PluginHostTracing.Source.StartActivity($"item {item.Name}", ActivityKind.Internal, PluginHostTracing.RunContext(run.RunId));
        Activity.Current = previous;
        span?.SetTag("pluginhost.run.id", run.RunId);
        span?.SetTag("pluginhost.run.kind", run.Kind);
        span?.SetTag("pluginhost.item.id", item.ItemId);
        if (span is not null) spans.Start(run.RunId, item.ItemId, span.Context);
        running[(run.RunId, item.ItemId)] = (span, Stopwatch.GetTimestamp());
    }

    /// <inheritdoc />
    public void ItemEnded(RunSpec run, string itemId, ItemOutcome? outcome)
    {
        spans.End(run.RunId, itemId);
        var label = outcome switch { ItemOutcome.Succeeded => "succeeded", ItemOutcome.Failed => "failed", _ => "lost" };
        metrics.Items.WithLabels(run.Kind, label).Inc();
        if (!running.TryRemove((run.RunId, itemId), out var entry)) return;
        if (outcome is not null) metrics.ItemDuration.WithLabels(run.Kind).Observe(Stopwatch.GetElapsedTime(entry.Started).TotalSeconds);
        if (outcome == ItemOutcome.Failed) entry.Span?.SetStatus(ActivityStatusCode.Error, "item failed");
        entry.Span?.Stop();
    }
}
