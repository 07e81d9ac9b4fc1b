using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Sharding;
using Akka.Event;
using Akka.Persistence;
using PluginHost.Actors.Runs;
using PluginHost.Actors.Serialization;
using PluginHost.Shared.Runs;

namespace PluginHost.Actors.Runs;

/// <summary>The coordinator of one run: an event-sourced actor (hosted by Cluster Sharding) that journals the run,
/// hands its items' steps to the runner broker (items in parallel, each item's steps in order), journals every step
/// before the next one starts, and on recovery of an unfinished run goes on by itself (completed steps never rerun).
/// On a cluster node, steps go to the runner brokers of every Up member; a step out on a member that is removed (died,
/// downed) or whose broker declines it (draining) is handed to another member.</summary>
public sealed class RunEntity : ReceivePersistentActor
{
    private readonly string _runId;
    private readonly RunServices _services;
    private readonly RunEntityState _state = new();
    private readonly Queue<ItemProgress> _ready = new();
    private readonly Dictionary<string, (Address Node, long Token, bool Began)> _inFlight = new(StringComparer.Ordinal);
    private readonly BrokerDirectory _brokers = new();
    private readonly HashSet<string> _observed = new(StringComparer.Ordinal);
    private readonly HashSet<string> _rejected = new(StringComparer.Ordinal);
    private long _tokens;
    // Run lifecycle lines go to the node's Serilog logger directly: they stay in the log file when the embedded node
    // keeps Akka's own log level at Warning, and carry the run id as a structured property.
    private Serilog.ILogger RunLog => Serilog.Log.ForContext<RunEntity>().ForContext("RunId", _runId);
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private bool _dispatching;
    private bool _completing;

    /// <summary>Creates the entity of <paramref name="runId"/>.</summary>
    public RunEntity(string runId, RunServices services, IActorRef broker)
    {
        _runId = runId;
        _services = services;
        if (!services.ClusterDispatch) _brokers.Add(Self.Path.Address, broker);
        Recover<RunEvent>(e => _state.Apply(e));
        // Fails the recovery (OnRecoveryFailure: one line naming the run and the manifest).
        Recover<UnknownManifest>(u => throw new PluginHost.Actors.Hosting.StoreException(u.Describe(_runId)));
        Recover<RecoveryCompleted>(_ =>
        {
            if (_state.Spec is not null && _state.Completed is null)
            {
                RunLog.Information("Resuming run {RunId}: {Done} of {ItemCount} items already done", _runId, _state.Done, _state.Items.Count);
                StartDispatching();
            }
        });
        Command<SubmitRun>(Submit);
        Command<ResumeRun>(_ => Resume());
        Command<GetRunStatus>(_ =>
        {
            // Answered once every write queued before it is durable (a drain's flush).
            var replyTo = Sender;
            DeferAsync(_runId, _ =>
            {
                replyTo.Tell(Status());
                if (_state.Spec is null) Context.Parent.Tell(new Passivate(PoisonPill.Instance));
            });
        });
        Command<StepBegan>(b =>
        {
            if (!IsCurrent(b.ItemId, b.Token)) return;
            var out_ = _inFlight[b.ItemId];
            if (!out_.Began)
            {
                _inFlight[b.ItemId] = out_ with { Began = true };
                _brokers.Began(out_.Node);
            }
            PersistAsync(new StepStarted(_runId, b.ItemId, b.StepIndex, Now, StepOf(b.ItemId, b.StepIndex)), Applied);
            Dispatch();
        });
        Command<StepDeclined>(d =>
        {
            if (!IsCurrent(d.ItemId, d.Token)) return;
            _brokers.Decline(_inFlight[d.ItemId].Node);
            Requeue(d.ItemId);
        });
        Command<StopRun>(_ => DeferAsync(_runId, _ => Context.Stop(Self)));
        Command<ClusterEvent.MemberUp>(m => Admit(m.Member));
        Command<ClusterEvent.ReachableMember>(m => Admit(m.Member));
        Command<ClusterEvent.UnreachableMember>(m => _brokers.Remove(m.Member.Address));
        Command<ClusterEvent.MemberLeft>(m => _brokers.Remove(m.Member.Address));
        Command<ClusterEvent.MemberExited>(m => _brokers.Remove(m.Member.Address));
        Command<ClusterEvent.MemberRemoved>(m =>
        {
            _brokers.Remove(m.Member.Address);
            foreach (var itemId in _inFlight.Where(p => p.Value.Node == m.Member.Address).Select(p => p.Key).ToList())
            {
                _log.Info("Run {0}: item {1} was out on removed member {2}; handing it to another member", _runId, itemId, m.Member.Address);
                Requeue(itemId);
            }
        });
        Command<ClusterEvent.IClusterDomainEvent>(_ => { });
        Command<ReportOutput>(o => PersistAsync(new StepOutput(_runId, o.ItemId, o.StepIndex, Now, o.Stream, o.Data), Applied));
        Command<PersistOutput>(o =>
        {
            var replyTo = Sender;
            PersistAsync(new StepOutput(_runId, o.ItemId, o.StepIndex, Now, o.Stream, o.Data), e =>
            {
                Applied(e);
                replyTo.Tell(new OutputPersisted(_runId, o.ItemId, o.StepIndex));
            });
        });
        Command<StepFinished>(Finished);
        Command<FailItem>(f =>
        {
            var now = Now;
            PersistAllAsync(new RunEvent[]
            {
                new StepFailed(_runId, f.ItemId, f.StepIndex, now, f.Reason),
                new ItemCompleted(_runId, f.ItemId, now, ItemOutcome.Failed, $"step {f.StepIndex} ({StepOf(f.ItemId, f.StepIndex)}) failed: {f.Reason}"),
            }, e =>
            {
                Applied(e);
                if (e is ItemCompleted) ItemDone(f.ItemId);
            });
        });
    }

    /// <inheritdoc />
    public override string PersistenceId => RunServices.PersistenceIdOf(_runId);

    /// <summary>Props of the entity of a run.</summary>
    public static Props PropsFor(string runId, RunServices services, IActorRef broker) =>
        Props.Create(() => new RunEntity(runId, services, broker));

    private DateTimeOffset Now => _services.Time.GetUtcNow();

    /// <inheritdoc />
    protected override void PreStart()
    {
        if (_services.ClusterDispatch)
            Akka.Cluster.Cluster.Get(Context.System).Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents,
                typeof(ClusterEvent.IMemberEvent), typeof(ClusterEvent.IReachabilityEvent));
        base.PreStart();
    }

    /// <inheritdoc />
    protected override void PostStop()
    {
        foreach (var itemId in _observed) _services.Items?.ItemEnded(_state.Spec!, itemId, null);
        if (_services.ClusterDispatch) Akka.Cluster.Cluster.Get(Context.System).Unsubscribe(Self);
        base.PostStop();
    }

    private void Admit(Member member)
    {
        if (member.Status != MemberStatus.Up || (_services.Role is { } role && !member.HasRole(role))) return;
        _brokers.Add(member.Address, Context.ActorSelection(new RootActorPath(member.Address) / "user" / RunnerBroker.ActorName));
        Dispatch();
    }

    private bool IsCurrent(string itemId, long token) => _inFlight.TryGetValue(itemId, out var out_) && out_.Token == token;

    // The item's step is no longer out (declined, lost with its member): it goes back to the ready queue.
    private void Requeue(string itemId)
    {
        Release(itemId);
        if (_state.Find(itemId) is { Outcome: null } item) _ready.Enqueue(item);
        Dispatch();
    }

    private void Release(string itemId)
    {
        if (_inFlight.Remove(itemId, out var out_)) _brokers.Returned(out_.Node, out_.Began);
    }

    private string StepOf(string itemId, int index) => _state.Find(itemId)?.Spec.Steps[index].Name ?? "";

    private void Submit(SubmitRun submit)
    {
        if (_state.Spec is not null)
        {
            var how = _state.Completed is null ? $"resume it with `pluginhost resume {_runId}`" : "it has completed";
            Sender.Tell(new RunRejected(_runId, $"run '{_runId}' already exists ({how}); give the spec another runId to start a new run", Exists: true));
            return;
        }
        try { RunSpecValidator.Validate(submit.Spec, _services.Executors); }
        catch (RunSpecException e)
        {
            Sender.Tell(new RunRejected(_runId, e.Message));
            return;
        }
        var now = Now;
        var events = new List<RunEvent> { new RunAccepted(_runId, now, submit.Spec) };
        events.AddRange(submit.Spec.Items.Select(i => new ItemScheduled(_runId, i.ItemId, now, i.Name)));
        var replyTo = Sender;
        var last = events[^1];
        PersistAll(events, e =>
        {
            Applied(e);
            if (!ReferenceEquals(e, last)) return;
            RunLog.Information("Run {RunId} ({Kind}) accepted with {ItemCount} items", _runId, submit.Spec.Kind, submit.Spec.Items.Count);
            replyTo.Tell(new RunSubmitted(_runId, submit.Spec.Items.Count));
            StartDispatching();
        });
    }

    private void Resume()
    {
        if (_state.Spec is null)
        {
            Sender.Tell(new RunRejected(_runId, $"run '{_runId}' is not in the journal"));
            Context.Parent.Tell(new Passivate(PoisonPill.Instance));
            return;
        }
        Sender.Tell(new RunResumed(_runId, _state.Done, _state.Items.Count, _state.Completed is not null));
        if (_state.Completed is null) StartDispatching();
    }

    private RunStatus Status()
    {
        var succeeded = _state.Items.Count(i => i.Outcome == ItemOutcome.Succeeded);
        var failed = _state.Items.Count(i => i.Outcome == ItemOutcome.Failed);
        return new RunStatus(_runId, _state.Spec is not null, _state.Completed is not null, succeeded + failed, succeeded, failed,
            _state.Items.Count, LastSequenceNr);
    }

    private void Applied(RunEvent e)
    {
        _state.Apply(e);
        Context.System.EventStream.Publish(new RunEventJournaled(_runId, LastSequenceNr, e));
        if (e is ItemCompleted c && _observed.Remove(c.ItemId)) _services.Items?.ItemEnded(_state.Spec!, c.ItemId, c.Outcome);
    }

    /// <inheritdoc />
    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        var reason = $"the journal write of event {sequenceNr} failed ({RunStopped.Describe(cause)}); every event journaled before it is kept";
        _log.Error("Run {0} stopped: {1}", _runId, reason);
        Context.System.EventStream.Publish(new RunStopped(_runId, reason));
        base.OnPersistFailure(cause, @event, sequenceNr);
    }

    /// <inheritdoc />
    protected override void OnPersistRejected(Exception cause, object @event, long sequenceNr)
    {
        var reason = $"the journal rejected event {sequenceNr} ({RunStopped.Describe(cause)})";
        // A rejected event (e.g. one the serializer or the database cannot store) is rejected again on every retry:
        // its item fails with the reason and the run goes on. If that failure is rejected too, the entity stops.
        var step = @event switch
        {
            StepStarted e => (e.ItemId, e.StepIndex),
            StepOutput e => (e.ItemId, e.StepIndex),
            StepCompleted e => (e.ItemId, e.StepIndex),
            StepFailed e => (e.ItemId, e.StepIndex),
            _ => ((string ItemId, int StepIndex)?)null,
        };
        if (step is var (itemId, index) && _state.Find(itemId) is { Outcome: null } && _rejected.Add(itemId))
        {
            _log.Error("Run {0}: item {1} fails: {2}", _runId, itemId, reason);
            // Events persisted here would wait for the next command: journal the failure from a message to self.
            Self.Tell(new FailItem(itemId, index, reason));
            return;
        }
        _log.Error("Run {0} stopped: {1}", _runId, reason);
        Context.System.EventStream.Publish(new RunStopped(_runId, reason));
        Context.Stop(Self);
    }

    /// <inheritdoc />
    protected override void OnRecoveryFailure(Exception reason, object? message = null)
    {
        var text = $"its journal cannot be replayed ({RunStopped.Describe(reason)})";
        _log.Error("Run {0} stopped: {1}", _runId, text);
        Context.System.EventStream.Publish(new RunStopped(_runId, text));
        base.OnRecoveryFailure(reason, message);
    }

    private void StartDispatching()
    {
        if (_dispatching) return;
        _dispatching = true;
        foreach (var item in _state.Items)
            if (item.Outcome is null) _ready.Enqueue(item);
        Dispatch();
    }

    // Starts items up to the in-flight limit; completes the run once every item has an outcome.
    private void Dispatch()
    {
        // Membership events reach an entity before it has a run (e.g. one started by a status query): nothing to do yet.
        if (!_dispatching) return;
        while (_inFlight.Count < _services.MaxItemsInFlight && _brokers.CanTake && _ready.TryDequeue(out var item))
        {
            if (item.Outcome is not null) continue;
            if (item.FailedError is { } earlier)
            {
                // StepFailed was durable but ItemCompleted was not.
                PersistItemCompleted(item, ItemOutcome.Failed, earlier);
                continue;
            }
            if (item.NextStep == item.Spec.Steps.Count)
            {
                PersistItemCompleted(item, ItemOutcome.Succeeded, null);
                continue;
            }
            SendStep(item);
        }
        if (!_completing && _inFlight.Count == 0 && _ready.Count == 0 && _state.Completed is null && _state.Items.All(i => i.Outcome is not null))
        {
            _completing = true;
            var succeeded = _state.Items.Count(i => i.Outcome == ItemOutcome.Succeeded);
            PersistAsync(new RunCompleted(_runId, Now, succeeded, _state.Items.Count - succeeded), e =>
            {
                Applied(e);
                RunLog.Information("Run {RunId} completed: {Succeeded} succeeded, {Failed} failed", _runId, succeeded, _state.Items.Count - succeeded);
                Context.Parent.Tell(new Passivate(PoisonPill.Instance));
            });
        }
    }

    private void PersistItemCompleted(ItemProgress item, ItemOutcome outcome, string? error) =>
        PersistAsync(new ItemCompleted(_runId, item.Spec.ItemId, Now, outcome, error), e =>
        {
            Applied(e);
            Dispatch();
        });

    private void SendStep(ItemProgress item)
    {
        var itemId = item.Spec.ItemId;
        Release(itemId);
        if (_brokers.Pick() is not var (node, broker))
        {
            _ready.Enqueue(item);
            return;
        }
        var index = item.NextStep;
        if (_services.Items is { } observer && _observed.Add(itemId)) observer.ItemStarted(_state.Spec!, item.Spec);
        var token = ++_tokens;
        _inFlight[itemId] = (node, token, false);
        _brokers.Sent(node);
        broker.Tell(new StepWork(_runId, itemId, index, item.Spec.Steps[index], item.Results.ToArray(), item.NextAttempt,
            item.PendingOutputs.TryGetValue(index, out var earlier) ? earlier.ToArray() : []) { Token = token }, Self);
    }

    private void Finished(StepFinished f)
    {
        var item = _state.Find(f.ItemId);
        if (item is null || item.Outcome is not null || f.StepIndex != item.NextStep || !IsCurrent(f.ItemId, f.Token)) return;
        var node = _inFlight[f.ItemId].Node;
        if (f.Cancelled)
        {
            // Stopped by its node's shutdown: neither completed nor failed; it runs again on another member (or on resume).
            _brokers.Decline(node);
            Requeue(f.ItemId);
            return;
        }
        _inFlight[f.ItemId] = _inFlight[f.ItemId] with { Token = 0 }; // answered: a duplicate answer of this dispatch is stale
        var now = Now;
        var step = item.Spec.Steps[f.StepIndex];
        if (!f.Succeeded)
        {
            var error = f.Error ?? "step failed";
            _log.Warning("Step {0} ({1}) of item {2} failed: {3}", f.StepIndex, step.Name, f.ItemId, error);
            PersistAllAsync(new RunEvent[]
            {
                new StepFailed(_runId, f.ItemId, f.StepIndex, now, error),
                new ItemCompleted(_runId, f.ItemId, now, ItemOutcome.Failed, $"step {f.StepIndex} ({step.Name}) failed: {error}"),
            }, e =>
            {
                Applied(e);
                if (e is ItemCompleted) ItemDone(f.ItemId);
            });
            return;
        }
        var lastStep = f.StepIndex == item.Spec.Steps.Count - 1;
        var events = new List<RunEvent> { new StepCompleted(_runId, f.ItemId, f.StepIndex, now, f.Result) };
        if (lastStep) events.Add(new ItemCompleted(_runId, f.ItemId, now, ItemOutcome.Succeeded));
        var final = events[^1];
        PersistAllAsync(events, e =>
        {
            Applied(e);
            if (!ReferenceEquals(e, final)) return;
            if (lastStep) ItemDone(f.ItemId);
            else SendStep(item);
        });
    }

    private void ItemDone(string itemId)
    {
        Release(itemId);
        Dispatch();
    }

    // The entity's own message: journal the failure of an item whose event the journal rejected.
    private sealed record FailItem(string ItemId, int StepIndex, string Reason);
}
