using PluginHost.Actors.Kernel;

namespace PluginHost.Actors.Runners;

/// <summary>A fixed pool of plugin-runner actors, each on its own dedicated thread; steps queue (first come, first
/// served) until a runner is idle, and a runner finishing a step takes the next queued one itself.</summary>
public sealed class RunnerPool : IAsyncDisposable
{
    /// <summary>Stack size of each runner thread (guest code runs on it).</summary>
    public const int RunnerStackSize = 64 * 1024 * 1024;

    private readonly ActorSystem _system;
    private readonly List<ActorRef> _runners = [];
    private readonly object _gate = new();
    private readonly Queue<ExecuteStep> _queue = new();
    private readonly Stack<ActorRef> _idle = new();
    private bool _closed;

    /// <summary>Starts <paramref name="size"/> runners (default: one per processor) in <paramref name="system"/>.</summary>
    public RunnerPool(ActorSystem system, int? size = null, string namePrefix = "runner")
    {
        _system = system;
        Size = size ?? Environment.ProcessorCount;
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Size, nameof(size));
        var props = new Props(() => new PluginRunnerActor(this))
        {
            DedicatedThread = true,
            ThreadStackSize = RunnerStackSize,
            MailboxCapacity = 4,
        };
        for (var i = 0; i < Size; i++)
        {
            var runner = system.ActorOf(props, $"{namePrefix}-{i}");
            _runners.Add(runner);
            _idle.Push(runner);
        }
    }

    /// <summary>Number of runners.</summary>
    public int Size { get; }

    /// <summary>Runs a step on the next idle runner and returns its outcome (a failure, never an exception, for
    /// anything the step does; <see cref="OperationCanceledException"/> only while waiting for a runner).</summary>
    public async Task<StepResult> ExecuteAsync(IStepExecutor executor, StepContext context) =>
        await TryExecuteAsync(executor, context, context.CancellationToken)
        ?? throw new OperationCanceledException("the step was cancelled before a runner started it", context.CancellationToken);

    /// <summary>Runs a step on the next idle runner and returns its outcome, or null when <paramref name="admission"/>
    /// was cancelled (or the pool stopped) before a runner started it: then the step did not run at all.
    /// <paramref name="onStart"/> runs on the runner right before the step.</summary>
    public async Task<StepResult?> TryExecuteAsync(IStepExecutor executor, StepContext context, CancellationToken admission, Action? onStart = null)
    {
        if (admission.IsCancellationRequested) return null;
        var request = new ExecuteStep(executor, context, onStart);
        using var registration = admission.CanBeCanceled
            ? admission.UnsafeRegister(static state => ((ExecuteStep)state!).TryWithdraw(), request)
            : default;
        ActorRef? runner = null;
        lock (_gate)
        {
            if (_closed) request.TryWithdraw();
            else if (_idle.Count > 0) runner = _idle.Pop();
            else _queue.Enqueue(request);
        }
        runner?.Tell(request);
        return await request.Completion.Task;
    }

    /// <summary>The next queued step for a runner that finished one, or null (the runner is idle again).</summary>
    internal ExecuteStep? Next(ActorRef runner)
    {
        lock (_gate)
        {
            while (_queue.TryDequeue(out var next))
                if (!next.IsWithdrawn) return next;
            if (!_closed) _idle.Push(runner);
            return null;
        }
    }

    /// <summary>Withdraws the queued steps and stops the runners (a running step finishes first).</summary>
    public async ValueTask DisposeAsync()
    {
        List<ExecuteStep> queued;
        lock (_gate)
        {
            _closed = true;
            queued = [.. _queue];
            _queue.Clear();
            _idle.Clear();
        }
        foreach (var request in queued) request.TryWithdraw();
        foreach (var runner in _runners) await _system.StopAsync(runner);
    }
}
