namespace PluginHost.Shared.Runs;

/// <summary>An event of one work item of a run.</summary>
/// <param name="RunId">The run the event belongs to.</param>
/// <param name="ItemId">The work item the event belongs to.</param>
/// <param name="Timestamp">When the event happened.</param>
public abstract record ItemEvent(string RunId, string ItemId, DateTimeOffset Timestamp) : RunEvent(RunId, Timestamp);
