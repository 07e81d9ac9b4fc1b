namespace PluginHost.Shared.Runs;

/// <summary>A step wrote output to one of its streams.</summary>
/// <param name="RunId">The run.</param>
/// <param name="ItemId">The work item.</param>
/// <param name="StepIndex">Zero-based index of the step.</param>
/// <param name="Timestamp">When the output was written.</param>
/// <param name="Stream">Name of the stream, e.g. "stdout", "stderr" or "log".</param>
/// <param name="Data">The output, as text or bytes.</param>
public sealed record StepOutput(string RunId, string ItemId, int StepIndex, DateTimeOffset Timestamp, string Stream, Payload Data)
    : StepEvent(RunId, ItemId, StepIndex, Timestamp);
