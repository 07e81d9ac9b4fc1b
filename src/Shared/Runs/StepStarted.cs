namespace PluginHost.Shared.Runs;

/// <summary>A step of a work item started.</summary>
/// <param name="RunId">The run.</param>
/// <param name="ItemId">The work item.</param>
/// <param name="StepIndex">Zero-based index of the step.</param>
/// <param name="Timestamp">When the step started.</param>
/// <param name="StepName">Name of the step.</param>
public sealed record StepStarted(string RunId, string ItemId, int StepIndex, DateTimeOffset Timestamp, string StepName)
    : StepEvent(RunId, ItemId, StepIndex, Timestamp);
