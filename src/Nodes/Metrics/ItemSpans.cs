using System.Collections.Concurrent;
using System.Diagnostics;

namespace PluginHost.Nodes.Metrics;

/// <summary>The span of each item running on this node, so its steps (run on runner threads, where the item's
/// Activity.Current does not flow) can be its children.</summary>
public sealed class ItemSpans
{
    private readonly ConcurrentDictionary<(string RunId, string ItemId), ActivityContext> spans = new();

    /// <summary>Records the running item's span.</summary>
    public void Start(string runId, string itemId, ActivityContext context) => spans[(runId, itemId)] = context;

    /// <summary>Forgets the item's span once it ended.</summary>
    public void End(string runId, string itemId) => spans.TryRemove((runId, itemId), out _);

    /// <summary>The running item's span, if it is traced.</summary>
    public ActivityContext? Find(string runId, string itemId) => spans.TryGetValue((runId, itemId), out var context) ? context : null;
}
