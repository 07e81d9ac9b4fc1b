namespace PluginHost.Actors.Runners;

/// <summary>Message to a runner: run one step with an executor and complete <see cref="Completion"/> with its outcome
/// (null when the step was withdrawn before a runner took it).</summary>
public sealed class ExecuteStep
{
    private const int Queued = 0, Started = 1, Withdrawn = 2;
    private int _state;

    internal ExecuteStep(IStepExecutor executor, StepContext context, Action? onStart)
    {
        Executor = executor;
        Context = context;
        OnStart = onStart;
    }

    /// <summary>The executor of the step's kind.</summary>
    public IStepExecutor Executor { get; }

    /// <summary>The step and its context.</summary>
    public StepContext Context { get; }

    /// <summary>Called on the runner right before the step runs (e.g. to journal StepStarted).</summary>
    public Action? OnStart { get; }

    /// <summary>Receives the outcome, or null when the step was withdrawn before it started; never faulted.</summary>
    internal TaskCompletionSource<StepResult?> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>True when no runner has taken the step and it was withdrawn.</summary>
    internal bool IsWithdrawn => Volatile.Read(ref _state) == Withdrawn;

    /// <summary>Marks the step as started; false when it was withdrawn first.</summary>
    internal bool TryStart() => Interlocked.CompareExchange(ref _state, Started, Queued) == Queued;

    /// <summary>Withdraws the step unless a runner already started it; completes <see cref="Completion"/> with null.</summary>
    internal void TryWithdraw()
    {
        if (Interlocked.CompareExchange(ref _state, Withdrawn, Queued) == Queued) Completion.TrySetResult(null);
    }
}
