using PluginHost.Shared.Runs;

namespace PluginHost.Actors.Runs;

/// <summary>One journaled event with its per-run sequence number.</summary>
/// <param name="RunId">The run.</param>
/// <param name="Sequence">Position of the event in its run, from 1, without gaps.</param>
/// <param name="Event">The event.</param>
/// <param name="RecordedAt">When the journal stored the event.</param>
public sealed record JournalEntry(string RunId, long Sequence, RunEvent Event, DateTimeOffset RecordedAt);
