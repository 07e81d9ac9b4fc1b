namespace PluginHost.Actors.Runners;

/// <summary>Message to a runner: run one step with an executor and complete <paramref name="Completion"/> with its outcome.</summary>
/// <param name="Executor">The executor of the step's kind.</param>
/// <param name="Context">The step and its context.</param>
/// <param name="Completion">Receives the outcome; never faulted.</param>
public sealed record ExecuteStep(IStepExecutor Executor, StepContext Context, TaskCompletionSource<StepResult> Completion);
