namespace PluginHost.Shared.Runs;

/// <summary>A run to execute: its id, its kind (e.g. "sync", "install") and its independent work items.</summary>
/// <param name="RunId">Unique id of the run.</param>
/// <param name="Kind">What the run does, e.g. "sync" or "install".</param>
/// <param name="Items">The work items, one per canister or tool.</param>
public sealed record RunSpec(string RunId, string Kind, IReadOnlyList<WorkItemSpec> Items);
