namespace PluginHost.Shared.Runs;

/// <summary>A run was accepted; always the first event of a run.</summary>
/// <param name="RunId">The run.</param>
/// <param name="Timestamp">When the run was accepted.</param>
/// <param name="Spec">The full specification of the run.</param>
public sealed record RunAccepted(string RunId, DateTimeOffset Timestamp, RunSpec Spec) : RunEvent(RunId, Timestamp);
