namespace PluginHost.Shared.Runs;

/// <summary>A step completed successfully.</summary>
/// <param name="RunId">The run.</param>
/// <param name="ItemId">The work item.</param>
/// <param name="StepIndex">Zero-based index of the step.</param>
/// <param name="Timestamp">When the step completed.</param>
/// <param name="Result">The step's result payload.</param>
public sealed record StepCompleted(string RunId, string ItemId, int StepIndex, DateTimeOffset Timestamp, Payload Result)
    : StepEvent(RunId, ItemId, StepIndex, Timestamp);
