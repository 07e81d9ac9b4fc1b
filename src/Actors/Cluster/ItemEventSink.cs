using PluginHost.Actors.Journal;
using PluginHost.Shared.Runs;

namespace PluginHost.Actors.Cluster;

/// <summary>Journals the step events of one item for the node holding its lease; refuses them once the lease is lost.</summary>
public sealed class ItemEventSink(IJournal journal, string nodeId, string runId, string itemId)
{
    /// <summary>The node running the item.</summary>
    public string NodeId { get; } = nodeId;

    /// <summary>The run.</summary>
    public string RunId { get; } = runId;

    /// <summary>The item.</summary>
    public string ItemId { get; } = itemId;

    /// <summary>Appends the events; throws <see cref="LeaseLostException"/> (nothing written) when the node lost the item.</summary>
    public async Task AppendAsync(IReadOnlyList<RunEvent> events, CancellationToken cancellationToken = default)
    {
        if (await journal.AppendForItemAsync(NodeId, RunId, ItemId, events, cancellationToken) is null)
            throw new LeaseLostException(NodeId, RunId, ItemId);
    }
}
