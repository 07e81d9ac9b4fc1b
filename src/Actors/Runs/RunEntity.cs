using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Event;
using Akka.Persistence;
using PluginHost.Actors.Coordination;
using PluginHost.Shared.Runs;

namespace PluginHost.Actors.Runs;

/// <summary>The coordinator of one run: an event-sourced actor (hosted by Cluster Sharding) that journals the run,
/// hands its items' steps to the runner broker (items in parallel, each item's steps in order), journals every step
/// before the next one starts, and on recovery of an unfinished run goes on by itself (completed steps never rerun).</summary>
public sealed class RunEntity : ReceivePersistentActor
{
    private readonly string _runId;
    private readonly RunServices _services;
    private readonly IActorRef _broker;
    private readonly RunEntityState _state = new();
    private readonly Queue<ItemProgress> _ready = new();
    private readonly HashSet<string> _inFlight = new(StringComparer.Ordinal);
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
        _broker = broker;
        Recover<RunEvent>(e => _state.Apply(e));
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
        Command<StepBegan>(b => PersistAsync(new StepStarted(_runId, b.ItemId, b.StepIndex, Now, StepOf(b.ItemId, b.StepIndex)), Applied));
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
    }

    /// <inheritdoc />
    public override string PersistenceId => RunServices.PersistenceIdOf(_runId);

    /// <summary>Props of the entity of a run.</summary>
    public static Props PropsFor(string runId, RunServices services, IActorRef broker) =>
        Props.Create(() => new RunEntity(runId, services, broker));

    private DateTimeOffset Now => _services.Time.GetUtcNow();

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
        while (_inFlight.Count < _services.MaxItemsInFlight && _ready.TryDequeue(out var item))
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
            _inFlight.Add(item.Spec.ItemId);
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
        var index = item.NextStep;
        _broker.Tell(new StepWork(_runId, item.Spec.ItemId, index, item.Spec.Steps[index], item.Results.ToArray(), item.NextAttempt,
            item.PendingOutputs.TryGetValue(index, out var earlier) ? earlier.ToArray() : []));
    }

    private void Finished(StepFinished f)
    {
        var item = _state.Find(f.ItemId);
        if (item is null || item.Outcome is not null || f.StepIndex != item.NextStep) return;
        if (f.Cancelled)
        {
            // Stopped by shutdown: neither completed nor failed; it runs again on resume.
            _inFlight.Remove(f.ItemId);
            return;
        }
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
        _inFlight.Remove(itemId);
        Dispatch();
    }
}
