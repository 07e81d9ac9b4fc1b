namespace PluginHost.Shared.Runs;

/// <summary>A run ended; always the last event of a run.</summary>
/// <param name="RunId">The run.</param>
/// <param name="Timestamp">When the run ended.</param>
/// <param name="Succeeded">Number of items that succeeded.</param>
/// <param name="Failed">Number of items that failed.</param>
public sealed record RunCompleted(string RunId, DateTimeOffset Timestamp, int Succeeded, int Failed) : RunEvent(RunId, Timestamp);
