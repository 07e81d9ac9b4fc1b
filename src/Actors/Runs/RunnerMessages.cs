using PluginHost.Shared.Runs;

namespace PluginHost.Actors.Runs;

/// <summary>One step for a runner to run; the sender (the run entity) gets <see cref="StepBegan"/> and <see cref="StepFinished"/>
/// (or <see cref="StepDeclined"/> from a draining broker). <see cref="Token"/> tells the entity's dispatches apart.</summary>
public sealed record StepWork(string RunId, string ItemId, int StepIndex, StepSpec Step, IReadOnlyList<Payload> PreviousResults,
    int Attempt, IReadOnlyList<StepOutput> EarlierOutputs)
{
    /// <summary>The entity's number of this dispatch; answers carrying another one are stale and ignored.</summary>
    public long Token { get; init; }
}

/// <summary>A draining broker did not start the step: the entity hands it to another node's broker.</summary>
public sealed record StepDeclined(string RunId, string ItemId, int StepIndex, long Token);

/// <summary>A runner took a step and starts it now.</summary>
public sealed record StepBegan(string RunId, string ItemId, int StepIndex)
{
    /// <summary>The dispatch's <see cref="StepWork.Token"/>.</summary>
    public long Token { get; init; }
}

/// <summary>A step ended on a runner (a failure for anything the step did).</summary>
public sealed record StepFinished(string RunId, string ItemId, int StepIndex, bool Succeeded, Payload Result, bool Cancelled, string? Error = null)
{
    /// <summary>The dispatch's <see cref="StepWork.Token"/>.</summary>
    public long Token { get; init; }
}

/// <summary>Output a running step reported (journaled without waiting).</summary>
public sealed record ReportOutput(string RunId, string ItemId, int StepIndex, string Stream, Payload Data) : IRunCommand;

/// <summary>Output a running step checkpoints: answered with <see cref="OutputPersisted"/> once durable.</summary>
public sealed record PersistOutput(string RunId, string ItemId, int StepIndex, string Stream, Payload Data) : IRunCommand;

/// <summary>The checkpointed output is durable.</summary>
public sealed record OutputPersisted(string RunId, string ItemId, int StepIndex);

/// <summary>A runner is idle and pulls the next step from the broker.</summary>
public sealed record RunnerIdle;

/// <summary>Stop handing steps to runners (drain): queued steps never start.</summary>
public sealed record StopAdmission;

/// <summary>Ask the broker how busy the node's runners are; answered with <see cref="RunnerLoad"/>.</summary>
public sealed record GetRunnerLoad;

/// <summary>Runners running a step, runners idle, steps queued, and whether steps are still admitted (not draining).</summary>
public sealed record RunnerLoad(int Busy, int Idle, int Queued, bool Admitting)
{
    /// <summary>The node's id (its label in logs and `pluginhost nodes`).</summary>
    public string NodeId { get; init; } = "";

    /// <summary>The node's HTTP API address, when it serves one.</summary>
    public string? HttpAddress { get; init; }
}

/// <summary>Stops a run entity once its pending journal writes are durable (the shard's hand-off stop message).</summary>
public sealed record StopRun;
