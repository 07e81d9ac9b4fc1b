namespace PluginHost.Shared.Runs;

/// <summary>An event of one step of a work item.</summary>
/// <param name="RunId">The run the event belongs to.</param>
/// <param name="ItemId">The work item the event belongs to.</param>
/// <param name="StepIndex">Zero-based index of the step in the item's steps.</param>
/// <param name="Timestamp">When the event happened.</param>
public abstract record StepEvent(string RunId, string ItemId, int StepIndex, DateTimeOffset Timestamp)
    : ItemEvent(RunId, ItemId, Timestamp);
