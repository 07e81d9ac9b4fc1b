using Akka.Actor;
using PluginHost.Actors.Runners;

namespace PluginHost.Actors.Runs;

/// <summary>One runner slot: pulls a step from the broker when idle and runs it on its own <see cref="RunnerThread"/>,
/// whose stack fits the wasm stack (continuations after the step's awaits run there too); whatever the step does
/// (trap, timeout, exception) fails that step only, never the runner.</summary>
public sealed class RunnerActor : ReceiveActor
{
    /// <summary>Stack size of the runner thread (guest code runs on it).</summary>
    public const int StackSize = RunnerThread.StackSize;

    private readonly RunServices _services;
    private readonly IActorRef _broker;
    private readonly RunnerThread _thread;

    /// <summary>Creates a runner pulling from <paramref name="broker"/>.</summary>
    public RunnerActor(RunServices services, IActorRef broker)
    {
        _services = services;
        _broker = broker;
        _thread = new RunnerThread("runner " + Self.Path.Name);
        Receive<StepWork>(Run);
    }

    private static readonly RunnerIdle RunnerIdleMessage = new();

    /// <summary>Props of a runner.</summary>
    public static Props PropsFor(RunServices services, IActorRef broker) => Props.Create(() => new RunnerActor(services, broker));

    /// <inheritdoc />
    protected override void PreStart() => _broker.Tell(RunnerIdleMessage);

    /// <inheritdoc />
    protected override void PostStop() => _thread.Dispose();

    private void Run(StepWork work)
    {
        var entity = Sender;
        var self = Self;
        var broker = _broker;
        var executor = _services.Executors.Find(work.Step.EffectiveKind);
        var cancel = _services.Abort.Token;
        var context = new StepContext(work.RunId, work.ItemId, work.StepIndex, work.Step, work.PreviousResults, work.Attempt,
            (stream, data) => entity.Tell(new ReportOutput(work.RunId, work.ItemId, work.StepIndex, stream, data)), cancel)
        {
            EarlierOutputs = work.EarlierOutputs,
            OutputDurableAsync = (stream, data) => entity.Ask<OutputPersisted>(
                new PersistOutput(work.RunId, work.ItemId, work.StepIndex, stream, data), TimeSpan.FromMinutes(1)),
        };
        _thread.Run(async () =>
        {
            StepResult result;
            entity.Tell(new StepBegan(work.RunId, work.ItemId, work.StepIndex) { Token = work.Token }, self);
            try
            {
                result = executor is null
                    ? StepResult.Failure($"step '{work.Step.Name}' has kind '{work.Step.EffectiveKind}', which this node cannot run")
                    : await executor.ExecuteAsync(context);
            }
            catch (Exception e)
            {
                result = StepResult.Failure($"step '{work.Step.Name}' ({work.Step.EffectiveKind}) failed: {e.GetType().Name}: {e.Message}");
            }
            var finished = new StepFinished(work.RunId, work.ItemId, work.StepIndex, result.Succeeded, result.Result,
                Cancelled: cancel.IsCancellationRequested && !result.Succeeded, result.Error) { Token = work.Token };
            entity.Tell(finished, self);
            broker.Tell(RunnerIdleMessage, self); // from the runner's thread: no hop through this actor's mailbox first
        });
    }
}
