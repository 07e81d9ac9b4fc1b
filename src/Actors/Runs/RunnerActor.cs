using System.Collections.Concurrent;
using Akka.Actor;
using PluginHost.Actors.Runners;

namespace PluginHost.Actors.Runs;

/// <summary>One runner slot: pulls a step from the broker when idle and runs it on its own thread, whose stack fits
/// the wasm stack; whatever the step does (trap, timeout, exception) fails that step only, never the runner.</summary>
public sealed class RunnerActor : ReceiveActor
{
    /// <summary>Stack size of the runner thread (guest code runs on it).</summary>
    public const int StackSize = RunnerPool.RunnerStackSize;

    private readonly RunServices _services;
    private readonly IActorRef _broker;
    private readonly BlockingCollection<Action> _work = new(1);
    private readonly Thread _thread;

    /// <summary>Creates a runner pulling from <paramref name="broker"/>.</summary>
    public RunnerActor(RunServices services, IActorRef broker)
    {
        _services = services;
        _broker = broker;
        _thread = new Thread(Loop, StackSize) { IsBackground = true, Name = "runner " + Self.Path.Name };
        _thread.Start();
        Receive<StepWork>(Run);
        Receive<StepFinished>(_ => _broker.Tell(RunnerIdleMessage));
    }

    private static readonly RunnerIdle RunnerIdleMessage = new();

    /// <summary>Props of a runner.</summary>
    public static Props PropsFor(RunServices services, IActorRef broker) => Props.Create(() => new RunnerActor(services, broker));

    /// <inheritdoc />
    protected override void PreStart() => _broker.Tell(RunnerIdleMessage);

    /// <inheritdoc />
    protected override void PostStop() => _work.CompleteAdding();

    private void Loop()
    {
        foreach (var action in _work.GetConsumingEnumerable()) action();
    }

    private void Run(StepWork work)
    {
        var entity = Sender;
        var self = Self;
        var executor = _services.Executors.Find(work.Step.EffectiveKind);
        var cancel = _services.Abort.Token;
        var context = new StepContext(work.RunId, work.ItemId, work.StepIndex, work.Step, work.PreviousResults, work.Attempt,
            (stream, data) => entity.Tell(new ReportOutput(work.RunId, work.ItemId, work.StepIndex, stream, data)), cancel)
        {
            EarlierOutputs = work.EarlierOutputs,
            OutputDurableAsync = (stream, data) => entity.Ask<OutputPersisted>(
                new PersistOutput(work.RunId, work.ItemId, work.StepIndex, stream, data), TimeSpan.FromMinutes(1)),
        };
        _work.Add(() =>
        {
            StepResult result;
            entity.Tell(new StepBegan(work.RunId, work.ItemId, work.StepIndex), self);
            try
            {
                result = executor is null
                    ? StepResult.Failure($"step '{work.Step.Name}' has kind '{work.Step.EffectiveKind}', which this node cannot run")
                    : executor.ExecuteAsync(context).GetAwaiter().GetResult();
            }
            catch (Exception e)
            {
                result = StepResult.Failure($"step '{work.Step.Name}' ({work.Step.EffectiveKind}) failed: {e.GetType().Name}: {e.Message}");
            }
            var finished = new StepFinished(work.RunId, work.ItemId, work.StepIndex, result.Succeeded, result.Result,
                Cancelled: cancel.IsCancellationRequested && !result.Succeeded, result.Error);
            entity.Tell(finished, self);
            self.Tell(finished);
        });
    }
}
