namespace PluginHost.Shared.Runs;

/// <summary>One independent unit of a run (a canister or a tool) and its ordered steps.</summary>
/// <param name="ItemId">Id of the item, unique within its run.</param>
/// <param name="Name">Human-readable name shown in progress rows.</param>
/// <param name="Steps">The steps, executed in order.</param>
public sealed record WorkItemSpec(string ItemId, string Name, IReadOnlyList<StepSpec> Steps);
