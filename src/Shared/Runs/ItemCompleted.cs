namespace PluginHost.Shared.Runs;

/// <summary>A work item ended, successfully or not.</summary>
/// <param name="RunId">The run.</param>
/// <param name="ItemId">The work item.</param>
/// <param name="Timestamp">When the item ended.</param>
/// <param name="Outcome">Whether the item succeeded or failed.</param>
/// <param name="Error">Why the item failed; null when it succeeded.</param>
public sealed record ItemCompleted(string RunId, string ItemId, DateTimeOffset Timestamp, ItemOutcome Outcome, string? Error = null)
    : ItemEvent(RunId, ItemId, Timestamp);
