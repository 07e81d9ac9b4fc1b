using PluginHost.Shared.Runs;

namespace PluginHost.Actors.Coordination;

/// <summary>A run executing in this node.</summary>
/// <param name="RunId">The run.</param>
/// <param name="Spec">The run's spec.</param>
/// <param name="Resumed">True when the run was resumed from the journal rather than newly submitted.</param>
/// <param name="Completion">Completes with RunCompleted once it is durable; canceled when the node stopped first.</param>
public sealed record RunHandle(string RunId, RunSpec Spec, bool Resumed, Task<RunCompleted> Completion);
