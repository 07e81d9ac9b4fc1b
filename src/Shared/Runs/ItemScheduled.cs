namespace PluginHost.Shared.Runs;

/// <summary>A work item of the run was scheduled and may be claimed by a runner.</summary>
/// <param name="RunId">The run.</param>
/// <param name="ItemId">The work item.</param>
/// <param name="Timestamp">When the item was scheduled.</param>
/// <param name="Name">Human-readable name of the item.</param>
public sealed record ItemScheduled(string RunId, string ItemId, DateTimeOffset Timestamp, string Name)
    : ItemEvent(RunId, ItemId, Timestamp);
