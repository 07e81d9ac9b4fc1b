using PluginHost.Actors.Kernel;

namespace PluginHost.Actors.Runners;

/// <summary>A plugin runner: runs the steps it is sent one at a time on its own thread; whatever a step does
/// (trap, timeout, memory exhaustion, executor exception) fails that step only, never the runner. After each step it
/// takes the pool's next queued step itself (sent to its own mailbox), so back-to-back steps need no thread hop.</summary>
public sealed class PluginRunnerActor : Actor
{
    private readonly RunnerPool _pool;

    internal PluginRunnerActor(RunnerPool pool) => _pool = pool;

    /// <summary>Steps this runner has executed.</summary>
    public int Executed { get; private set; }

    /// <inheritdoc />
    protected internal override async Task ReceiveAsync(object message)
    {
        if (message is not ExecuteStep request)
        {
            Unhandled(message);
            return;
        }
        if (request.TryStart())
        {
            StepResult result;
            try
            {
                request.OnStart?.Invoke();
                result = await request.Executor.ExecuteAsync(request.Context);
            }
            catch (Exception e)
            {
                result = StepResult.Failure($"step '{request.Context.Step.Name}' ({request.Executor.Kind}) failed: {e.GetType().Name}: {e.Message}");
            }
            Executed++;
            request.Completion.TrySetResult(result);
        }
        if (_pool.Next(Self) is { } next) Self.Tell(next);
    }
}
