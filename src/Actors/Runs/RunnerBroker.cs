using Akka.Actor;

namespace PluginHost.Actors.Runs;

/// <summary>A node's queue of steps between run entities and runners: idle runners pull (<see cref="RunnerIdle"/>),
/// so a runner's mailbox never holds more than one step and the node's capacity is its runner count. The queue is
/// bounded by the entities (each keeps at most <see cref="RunServices.MaxItemsInFlight"/> steps out).</summary>
public sealed class RunnerBroker : ReceiveActor
{
    private readonly Queue<(StepWork Work, IActorRef Entity)> _queue = new();
    private readonly Queue<IActorRef> _idle = new();
    private readonly HashSet<IActorRef> _busy = [];
    private bool _admitting = true;

    /// <summary>Creates the broker.</summary>
    public RunnerBroker()
    {
        Receive<StepWork>(work =>
        {
            if (!_admitting) return; // drained: the step never starts and runs again on resume
            if (_idle.TryDequeue(out var runner)) Hand(runner, work, Sender);
            else _queue.Enqueue((work, Sender));
        });
        Receive<RunnerIdle>(_ =>
        {
            _busy.Remove(Sender);
            if (_admitting && _queue.TryDequeue(out var next)) Hand(Sender, next.Work, next.Entity);
            else _idle.Enqueue(Sender);
        });
        Receive<StopAdmission>(_ =>
        {
            _admitting = false;
            _queue.Clear();
        });
        Receive<GetRunnerLoad>(_ => Sender.Tell(new RunnerLoad(_busy.Count, _idle.Count, _queue.Count, _admitting)));
    }

    /// <summary>Props of the broker.</summary>
    public static Props Props() => Akka.Actor.Props.Create(() => new RunnerBroker());

    private void Hand(IActorRef runner, StepWork work, IActorRef entity)
    {
        _busy.Add(runner);
        runner.Tell(work, entity);
    }
}
