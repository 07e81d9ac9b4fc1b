using System.Threading.Channels;
using PluginHost.Actors.Kernel;

namespace PluginHost.Actors.Runners;

/// <summary>A fixed pool of plugin-runner actors, each on its own dedicated thread; a step waits for an idle runner.</summary>
public sealed class RunnerPool : IAsyncDisposable
{
    /// <summary>Stack size of each runner thread (guest code runs on it).</summary>
    public const int RunnerStackSize = 64 * 1024 * 1024;

    private readonly ActorSystem _system;
    private readonly Channel<ActorRef> _idle;
    private readonly List<ActorRef> _runners = [];

    /// <summary>Starts <paramref name="size"/> runners (default: one per processor) in <paramref name="system"/>.</summary>
    public RunnerPool(ActorSystem system, int? size = null, string namePrefix = "runner")
    {
        _system = system;
        Size = size ?? Environment.ProcessorCount;
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Size, nameof(size));
        _idle = Channel.CreateUnbounded<ActorRef>();
        var props = new Props(() => new PluginRunnerActor())
        {
            DedicatedThread = true,
            ThreadStackSize = RunnerStackSize,
            MailboxCapacity = 4,
        };
        for (var i = 0; i < Size; i++)
        {
            var runner = system.ActorOf(props, $"{namePrefix}-{i}");
            _runners.Add(runner);
            _idle.Writer.TryWrite(runner);
        }
    }

    /// <summary>Number of runners.</summary>
    public int Size { get; }

    /// <summary>Runs a step on the next idle runner and returns its outcome (a failure, never an exception, for
    /// anything the step does; <see cref="OperationCanceledException"/> only while waiting for a runner).</summary>
    public async Task<StepResult> ExecuteAsync(IStepExecutor executor, StepContext context)
    {
        var runner = await _idle.Reader.ReadAsync(context.CancellationToken);
        try
        {
            var completion = new TaskCompletionSource<StepResult>(TaskCreationOptions.RunContinuationsAsynchronously);
            runner.Tell(new ExecuteStep(executor, context, completion));
            return await completion.Task;
        }
        finally
        {
            _idle.Writer.TryWrite(runner);
        }
    }

    /// <summary>Stops the runners.</summary>
    public async ValueTask DisposeAsync()
    {
        _idle.Writer.TryComplete();
        foreach (var runner in _runners) await _system.StopAsync(runner);
    }
}
