using PluginHost.Shared.Runs;

namespace PluginHost.Actors.Journal;

/// <summary>The durable, append-only journal of runs and the table of their work items (SQLite or PostgreSQL).</summary>
public interface IJournal : IAsyncDisposable
{
    /// <summary>Appends events to a run atomically, numbering them gap-free after the run's last event, and returns the
    /// last sequence number assigned. With <paramref name="expectedSequence"/> set, throws
    /// <see cref="JournalConflictException"/> unless the run's last sequence number (0 for a new run) equals it.</summary>
    Task<long> AppendAsync(string runId, IReadOnlyList<RunEvent> events, long? expectedSequence = null, CancellationToken cancellationToken = default);

    /// <summary>Reads a run's events with sequence number at least <paramref name="fromSequence"/>, in order.</summary>
    Task<IReadOnlyList<JournalEntry>> ReadAsync(string runId, long fromSequence = 1, CancellationToken cancellationToken = default);

    /// <summary>Reads the events of one work item of a run (its step events and ItemCompleted), in order.</summary>
    Task<IReadOnlyList<JournalEntry>> ReadItemAsync(string runId, string itemId, CancellationToken cancellationToken = default);

    /// <summary>Lists every run, oldest first.</summary>
    Task<IReadOnlyList<RunSummary>> ListRunsAsync(CancellationToken cancellationToken = default);

    /// <summary>Lists the runs that are accepted or running, oldest first.</summary>
    Task<IReadOnlyList<RunSummary>> ListUnfinishedRunsAsync(CancellationToken cancellationToken = default);

    /// <summary>Lists the work items of a run in scheduling order.</summary>
    Task<IReadOnlyList<WorkItemRecord>> ListItemsAsync(string runId, CancellationToken cancellationToken = default);

    /// <summary>Claims up to <paramref name="max"/> items that are pending or whose lease expired, for
    /// <paramref name="node"/>, with a lease of <paramref name="leaseDuration"/>; no item is given to two nodes.</summary>
    Task<IReadOnlyList<WorkItemRecord>> ClaimItemsAsync(string node, int max, TimeSpan leaseDuration, CancellationToken cancellationToken = default);

    /// <summary>Extends a node's lease on an item; false when the node no longer owns it (or, with <paramref name="claim"/>, no
    /// longer holds that claim: the item's <see cref="WorkItemRecord.Attempts"/> as the claim returned it, a fencing token).</summary>
    Task<bool> RenewLeaseAsync(string node, string runId, string itemId, TimeSpan leaseDuration, int? claim = null, CancellationToken cancellationToken = default);

    /// <summary>Journals an item's completion and marks it done, only if <paramref name="node"/> still owns the item (and,
    /// with <paramref name="claim"/>, still holds that claim); false (and nothing written) otherwise.</summary>
    Task<bool> CompleteItemAsync(string node, ItemCompleted completion, int? claim = null, CancellationToken cancellationToken = default);

    /// <summary>Gives back every item the node owns (they become pending); returns how many.</summary>
    Task<int> ReleaseItemsAsync(string node, CancellationToken cancellationToken = default);

    /// <summary>Appends events of one item only while <paramref name="node"/> owns the item under an unexpired lease (and,
    /// with <paramref name="claim"/>, still holds that claim); returns the last sequence number, or null (nothing written)
    /// when the lease was lost.</summary>
    Task<long?> AppendForItemAsync(string node, string runId, string itemId, IReadOnlyList<RunEvent> events, int? claim = null, CancellationToken cancellationToken = default);

    /// <summary>Registers (or re-registers) a node as alive, with the store's clock as its start and heartbeat time.</summary>
    Task RegisterNodeAsync(string nodeId, string address, int capacity, CancellationToken cancellationToken = default);

    /// <summary>Records a heartbeat; false when the node is unknown, declared dead or has left (it must re-register).</summary>
    Task<bool> HeartbeatAsync(string nodeId, CancellationToken cancellationToken = default);

    /// <summary>Moves a live node to <paramref name="state"/> (draining or left); false when the node is not alive or draining.</summary>
    Task<bool> SetNodeStateAsync(string nodeId, NodeState state, CancellationToken cancellationToken = default);

    /// <summary>Declares dead every alive or draining node whose last heartbeat is older than <paramref name="timeout"/>
    /// by the store's clock, hands its claimed items back (pending), and returns the ids of the nodes declared dead.</summary>
    Task<IReadOnlyList<string>> DeclareDeadNodesAsync(TimeSpan timeout, CancellationToken cancellationToken = default);

    /// <summary>Lists every node ever registered, by id.</summary>
    Task<IReadOnlyList<NodeRecord>> ListNodesAsync(CancellationToken cancellationToken = default);
}
