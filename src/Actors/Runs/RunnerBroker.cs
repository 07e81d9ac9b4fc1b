using Akka.Actor;

namespace PluginHost.Actors.Runs;

/// <summary>A node's queue of steps between run entities (on any node) and its runners: idle runners pull
/// (<see cref="RunnerIdle"/>), so a runner's mailbox never holds more than one step and the node's capacity is its runner
/// count. The queue is bounded by the entities (each keeps at most <see cref="RunServices.MaxItemsInFlight"/> steps out).
/// Once draining, queued and new steps are declined (<see cref="StepDeclined"/>) so their entities hand them elsewhere.</summary>
public sealed class RunnerBroker : ReceiveActor
{
    /// <summary>Name of the broker actor under /user on every node (entities address brokers by it).</summary>
    public const string ActorName = "runner-broker";

    private readonly Queue<(StepWork Work, IActorRef Entity)> _queue = new();
    private readonly Queue<IActorRef> _idle = new();
    private readonly HashSet<IActorRef> _busy = [];
    private readonly string _nodeId;
    private readonly string? _httpAddress;
    private bool _admitting = true;

    /// <summary>Creates the broker of node <paramref name="nodeId"/>.</summary>
    public RunnerBroker(string nodeId, string? httpAddress)
    {
        _nodeId = nodeId;
        _httpAddress = httpAddress;
        Receive<StepWork>(work =>
        {
            if (!_admitting) Decline(work, Sender);
            else if (_idle.TryDequeue(out var runner)) Hand(runner, work, Sender);
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
            while (_queue.TryDequeue(out var queued)) Decline(queued.Work, queued.Entity);
        });
        Receive<GetRunnerLoad>(_ => Sender.Tell(new RunnerLoad(_busy.Count, _idle.Count, _queue.Count, _admitting)
        {
            NodeId = _nodeId,
            HttpAddress = _httpAddress,
        }));
    }

    /// <summary>Props of the broker of node <paramref name="nodeId"/>.</summary>
    public static Props Props(string nodeId = "", string? httpAddress = null) =>
        Akka.Actor.Props.Create(() => new RunnerBroker(nodeId, httpAddress));

    private void Hand(IActorRef runner, StepWork work, IActorRef entity)
    {
        _busy.Add(runner);
        runner.Tell(work, entity);
    }

    private void Decline(StepWork work, IActorRef entity) =>
        entity.Tell(new StepDeclined(work.RunId, work.ItemId, work.StepIndex, work.Token), Self);
}
