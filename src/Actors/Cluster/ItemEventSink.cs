using PluginHost.Actors.Journal;
using PluginHost.Shared.Runs;

namespace PluginHost.Actors.Cluster;

/// <summary>Journals the step events of one item for the node holding its lease; refuses them once the lease is lost.
/// Store outages are retried (<see cref="StoreRetry"/>); a retried append that had in fact committed is not repeated.</summary>
public sealed class ItemEventSink(IJournal journal, string nodeId, string runId, string itemId, int? claim = null)
{
    /// <summary>The node running the item.</summary>
    public string NodeId { get; } = nodeId;

    /// <summary>The run.</summary>
    public string RunId { get; } = runId;

    /// <summary>The item.</summary>
    public string ItemId { get; } = itemId;

    /// <summary>The claim this execution holds (the item's attempts counter as claimed), or null to check the owner only.</summary>
    public int? Claim { get; } = claim;

    /// <summary>Reads what the journal already holds for the item (from earlier claims, e.g. by a node that died).</summary>
    public Task<IReadOnlyList<JournalEntry>> ReadHistoryAsync(CancellationToken cancellationToken = default) =>
        StoreRetry.RunAsync(() => journal.ReadItemAsync(RunId, ItemId, cancellationToken), cancellationToken: cancellationToken);

    /// <summary>Appends the events; throws <see cref="LeaseLostException"/> (nothing written) when the node lost the item.</summary>
    public async Task AppendAsync(IReadOnlyList<RunEvent> events, CancellationToken cancellationToken = default)
    {
        var written = await StoreRetry.RunAsync<long?>(
            () => journal.AppendForItemAsync(NodeId, RunId, ItemId, events, Claim, cancellationToken),
            async () => (await IsJournaledAsync(events[^1], cancellationToken), (long?)0),
            cancellationToken);
        if (written is null) throw new LeaseLostException(NodeId, RunId, ItemId);
    }

    /// <summary>True when the item's last journaled event is <paramref name="last"/> (same type, step and time): an
    /// append whose commit was not acknowledged did happen.</summary>
    public async Task<bool> IsJournaledAsync(RunEvent last, CancellationToken cancellationToken = default)
    {
        var history = await journal.ReadItemAsync(RunId, ItemId, cancellationToken);
        return history.Count > 0 && history[^1].Event is var e && e.EventType == last.EventType && e.Timestamp == last.Timestamp
               && (e as StepEvent)?.StepIndex == (last as StepEvent)?.StepIndex;
    }
}
