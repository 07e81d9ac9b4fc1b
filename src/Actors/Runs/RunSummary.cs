namespace PluginHost.Actors.Runs;

/// <summary>A run as listed by the journal.</summary>
/// <param name="RunId">The run.</param>
/// <param name="Kind">The run's kind, e.g. "sync" or "install".</param>
/// <param name="State">Where the run stands.</param>
/// <param name="CreatedAt">When RunAccepted was journaled.</param>
/// <param name="UpdatedAt">When the run's last event was journaled.</param>
/// <param name="LastSequence">Sequence number of the run's last event.</param>
/// <param name="ItemCount">Number of scheduled items.</param>
/// <param name="ItemsSucceeded">Number of items that succeeded.</param>
/// <param name="ItemsFailed">Number of items that failed.</param>
public sealed record RunSummary(
    string RunId, string Kind, RunState State, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
    long LastSequence, int ItemCount, int ItemsSucceeded, int ItemsFailed);
