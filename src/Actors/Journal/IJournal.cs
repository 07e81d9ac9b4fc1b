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

    /// <summary>Lists every run, oldest first.</summary>
    Task<IReadOnlyList<RunSummary>> ListRunsAsync(CancellationToken cancellationToken = default);

    /// <summary>Lists the runs that are accepted or running, oldest first.</summary>
    Task<IReadOnlyList<RunSummary>> ListUnfinishedRunsAsync(CancellationToken cancellationToken = default);

    /// <summary>Lists the work items of a run in scheduling order.</summary>
    Task<IReadOnlyList<WorkItemRecord>> ListItemsAsync(string runId, CancellationToken cancellationToken = default);

    /// <summary>Claims up to <paramref name="max"/> items that are pending or whose lease expired, for
    /// <paramref name="node"/>, with a lease of <paramref name="leaseDuration"/>; no item is given to two nodes.</summary>
    Task<IReadOnlyList<WorkItemRecord>> ClaimItemsAsync(string node, int max, TimeSpan leaseDuration, CancellationToken cancellationToken = default);

    /// <summary>Extends a node's lease on an item; false when the node no longer owns it.</summary>
    Task<bool> RenewLeaseAsync(string node, string runId, string itemId, TimeSpan leaseDuration, CancellationToken cancellationToken = default);

    /// <summary>Journals an item's completion and marks it done, only if <paramref name="node"/> still owns the item;
    /// false (and nothing written) otherwise.</summary>
    Task<bool> CompleteItemAsync(string node, ItemCompleted completion, CancellationToken cancellationToken = default);

    /// <summary>Gives back every item the node owns (they become pending); returns how many.</summary>
    Task<int> ReleaseItemsAsync(string node, CancellationToken cancellationToken = default);
}
