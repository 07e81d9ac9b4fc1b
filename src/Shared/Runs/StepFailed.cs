namespace PluginHost.Shared.Runs;

/// <summary>A step failed.</summary>
/// <param name="RunId">The run.</param>
/// <param name="ItemId">The work item.</param>
/// <param name="StepIndex">Zero-based index of the step.</param>
/// <param name="Timestamp">When the step failed.</param>
/// <param name="Error">What went wrong, for people.</param>
public sealed record StepFailed(string RunId, string ItemId, int StepIndex, DateTimeOffset Timestamp, string Error)
    : StepEvent(RunId, ItemId, StepIndex, Timestamp);
