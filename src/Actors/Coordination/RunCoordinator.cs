using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using PluginHost.Actors.Journal;
using PluginHost.Actors.Runners;
using PluginHost.Shared.Runs;
using Serilog;

namespace PluginHost.Actors.Coordination;

/// <summary>Runs runs: validates and journals them, fans their items out over the runner pool (items in parallel,
/// each item's steps in order, an item stopping at its first failing step), journals every step before acknowledging
/// it, resumes unfinished runs from the journal and streams each run's events to followers.</summary>
public sealed class RunCoordinator
{
    private readonly IJournal _journal;
    private readonly RunnerPool _runners;
    private readonly StepExecutorRegistry _executors;
    private readonly ILogger _log;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, ActiveRun> _active = new(StringComparer.Ordinal);

    /// <summary>Creates a coordinator over a journal, a runner pool and the node's step executors.</summary>
    public RunCoordinator(IJournal journal, RunnerPool runners, StepExecutorRegistry executors, ILogger? logger = null, TimeProvider? time = null)
    {
        _journal = journal;
        _runners = runners;
        _executors = executors;
        _log = logger ?? Serilog.Core.Logger.None;
        _time = time ?? TimeProvider.System;
        MaxItemsInFlight = Math.Max(64, runners.Size * 32);
    }

    /// <summary>Most items of one run started at once (more than the runners, so journal writes batch across items).</summary>
    public int MaxItemsInFlight { get; init; }

    /// <summary>The journal.</summary>
    public IJournal Journal => _journal;

    /// <summary>Validates a spec (throws <see cref="RunSpecException"/>, journaling nothing), journals RunAccepted and
    /// ItemScheduled durably, then starts the run; a run id already in the journal throws <see cref="JournalConflictException"/>.</summary>
    public async Task<RunHandle> SubmitAsync(RunSpec spec, CancellationToken cancellationToken = default)
    {
        RunSpecValidator.Validate(spec, _executors);
        var now = _time.GetUtcNow();
        var events = new List<RunEvent> { new RunAccepted(spec.RunId, now, spec) };
        events.AddRange(spec.Items.Select(i => new ItemScheduled(spec.RunId, i.ItemId, now, i.Name)));
        await _journal.AppendAsync(spec.RunId, events, expectedSequence: 0, cancellationToken);
        _log.ForContext("RunId", spec.RunId).Information("Run {RunId} ({Kind}) accepted with {ItemCount} items", spec.RunId, spec.Kind, spec.Items.Count);
        return Start(RunProgress.New(spec), resumed: false, cancellationToken);
    }

    /// <summary>Resumes a run from its journal: completed steps are skipped, an interrupted step runs again from its
    /// start; returns null when the run already finished (or is running here already: then its handle).</summary>
    public async Task<RunHandle?> ResumeAsync(string runId, CancellationToken cancellationToken = default)
    {
        if (_active.TryGetValue(runId, out var running)) return running.Handle;
        var entries = await _journal.ReadAsync(runId, 1, cancellationToken);
        if (entries.Count == 0) throw new JournalException($"run '{runId}' is not in the journal");
        var progress = RunProgress.FromJournal(runId, entries);
        if (progress.Completed is not null) return null;
        foreach (var step in progress.Spec.Items.SelectMany(i => i.Steps))
            if (_executors.Find(step.EffectiveKind) is null)
                throw new RunSpecException(runId, [$"step '{step.Name}' has kind '{step.EffectiveKind}', which this node cannot run (known: {string.Join(", ", _executors.Kinds)})"]);
        var done = progress.Items.Count(i => i.Outcome is not null);
        _log.ForContext("RunId", runId).Information("Resuming run {RunId}: {Done} of {ItemCount} items already done", runId, done, progress.Items.Count);
        return Start(progress, resumed: true, cancellationToken);
    }

    /// <summary>Resumes every unfinished run of the journal, oldest first.</summary>
    public async Task<IReadOnlyList<RunHandle>> ResumeUnfinishedAsync(CancellationToken cancellationToken = default)
    {
        var handles = new List<RunHandle>();
        foreach (var run in await _journal.ListUnfinishedRunsAsync(cancellationToken))
            if (await ResumeAsync(run.RunId, cancellationToken) is { } handle) handles.Add(handle);
        return handles;
    }

    /// <summary>Streams a run's events: the journal first, then live events until RunCompleted (polling the journal
    /// when the run executes in another process).</summary>
    public async IAsyncEnumerable<JournalEntry> FollowAsync(string runId, TimeSpan? pollInterval = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var live = _active.TryGetValue(runId, out var active) ? active.Hub.Subscribe() : null;
        try
        {
            long last = 0;
            var finished = false;
            foreach (var entry in await _journal.ReadAsync(runId, 1, cancellationToken))
            {
                last = entry.Sequence;
                finished |= entry.Event is RunCompleted;
                yield return entry;
            }
            if (last == 0) throw new JournalException($"run '{runId}' is not in the journal");
            if (live is not null)
            {
                await foreach (var entry in live.ReadAllAsync(cancellationToken))
                {
                    if (entry.Sequence <= last) continue;
                    last = entry.Sequence;
                    finished |= entry.Event is RunCompleted;
                    yield return entry;
                }
            }
            while (!finished)
            {
                await Task.Delay(pollInterval ?? TimeSpan.FromMilliseconds(250), cancellationToken);
                foreach (var entry in await _journal.ReadAsync(runId, last + 1, cancellationToken))
                {
                    last = entry.Sequence;
                    finished |= entry.Event is RunCompleted;
                    yield return entry;
                }
            }
        }
        finally
        {
            if (live is not null) active!.Hub.Unsubscribe(live);
        }
    }

    private RunHandle Start(RunProgress progress, bool resumed, CancellationToken cancellationToken)
    {
        var runId = progress.Spec.RunId;
        var hub = new RunEventHub();
        var writer = new RunJournalWriter(_journal, runId, hub);
        var completion = new TaskCompletionSource<RunCompleted>(TaskCreationOptions.RunContinuationsAsynchronously);
        var handle = new RunHandle(runId, progress.Spec, resumed, completion.Task);
        var active = new ActiveRun(handle, hub);
        if (!_active.TryAdd(runId, active)) throw new InvalidOperationException($"run '{runId}' is already running in this node");
        _ = Task.Run(async () =>
        {
            try
            {
                var result = await ExecuteRunAsync(progress, writer, cancellationToken);
                await writer.CompleteAsync();
                if (result is null) completion.TrySetCanceled(cancellationToken.IsCancellationRequested ? cancellationToken : new CancellationToken(true));
                else completion.TrySetResult(result);
                hub.Complete();
            }
            catch (Exception e)
            {
                _log.ForContext("RunId", runId).Error(e, "Run {RunId} stopped: {Error}", runId, e.Message);
                await writer.CompleteAsync();
                completion.TrySetException(e);
                hub.Complete(e);
            }
            finally
            {
                _active.TryRemove(runId, out _);
            }
        }, CancellationToken.None);
        return handle;
    }

    private async Task<RunCompleted?> ExecuteRunAsync(RunProgress progress, RunJournalWriter writer, CancellationToken cancellationToken)
    {
        var runId = progress.Spec.RunId;
        using var slots = new SemaphoreSlim(MaxItemsInFlight);
        var tasks = progress.Items.Select(async item =>
        {
            if (item.Outcome is { } known) return (ItemOutcome?)known;
            await slots.WaitAsync(cancellationToken);
            try { return await RunItemAsync(runId, item, writer, cancellationToken); }
            finally { slots.Release(); }
        }).ToList();
        ItemOutcome?[] outcomes;
        try
        {
            outcomes = await Task.WhenAll(tasks);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return null;
        }
        if (outcomes.Any(o => o is null)) return null;
        var succeeded = outcomes.Count(o => o == ItemOutcome.Succeeded);
        var failed = outcomes.Length - succeeded;
        var done = new RunCompleted(runId, _time.GetUtcNow(), succeeded, failed);
        await writer.WriteAsync(done);
        _log.ForContext("RunId", runId).Information("Run {RunId} completed: {Succeeded} succeeded, {Failed} failed", runId, succeeded, failed);
        return done;
    }

    // Runs an item's remaining steps; null when cancelled before finishing.
    private async Task<ItemOutcome?> RunItemAsync(string runId, ItemProgress item, RunJournalWriter writer, CancellationToken cancellationToken)
    {
        var spec = item.Spec;
        var log = _log.ForContext("RunId", runId).ForContext("ItemId", spec.ItemId);
        if (item.FailedError is { } earlier)
        {
            // StepFailed was durable but the crash came before ItemCompleted.
            await writer.WriteAsync(new ItemCompleted(runId, spec.ItemId, _time.GetUtcNow(), ItemOutcome.Failed, earlier));
            return ItemOutcome.Failed;
        }
        if (item.NextStep == spec.Steps.Count)
        {
            // Every step is journaled as completed but ItemCompleted is missing: only record it.
            await writer.WriteAsync(new ItemCompleted(runId, spec.ItemId, _time.GetUtcNow(), ItemOutcome.Succeeded));
            return ItemOutcome.Succeeded;
        }
        for (var index = item.NextStep; index < spec.Steps.Count; index++)
        {
            if (cancellationToken.IsCancellationRequested) return null;
            var step = spec.Steps[index];
            var stepIndex = index;
            var attempt = item.NextAttempt;
            writer.Post(new StepStarted(runId, spec.ItemId, stepIndex, _time.GetUtcNow(), step.Name));
            var context = new StepContext(runId, spec.ItemId, stepIndex, step, item.Results.ToArray(), attempt,
                (stream, data) => writer.Post(new StepOutput(runId, spec.ItemId, stepIndex, _time.GetUtcNow(), stream, data)),
                cancellationToken)
            {
                EarlierOutputs = item.PendingOutputs.TryGetValue(stepIndex, out var earlierOutputs) ? earlierOutputs.ToArray() : [],
                OutputDurableAsync = (stream, data) => writer.WriteAsync(new StepOutput(runId, spec.ItemId, stepIndex, _time.GetUtcNow(), stream, data)),
            };
            item.Starts[stepIndex] = attempt;
            StepResult result;
            try
            {
                result = await _runners.ExecuteAsync(_executors.Get(step.EffectiveKind), context);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return null;
            }
            if (cancellationToken.IsCancellationRequested && !result.Succeeded) return null;
            var now = _time.GetUtcNow();
            if (!result.Succeeded)
            {
                var error = result.Error ?? "step failed";
                log.ForContext("StepIndex", stepIndex).Warning("Step {StepIndex} ({StepName}) of item {ItemId} failed: {Error}", stepIndex, step.Name, spec.ItemId, error);
                await writer.WriteAsync(
                    new StepFailed(runId, spec.ItemId, stepIndex, now, error),
                    new ItemCompleted(runId, spec.ItemId, now, ItemOutcome.Failed, $"step {stepIndex} ({step.Name}) failed: {error}"));
                item.Outcome = ItemOutcome.Failed;
                return ItemOutcome.Failed;
            }
            var last = stepIndex == spec.Steps.Count - 1;
            var completed = new StepCompleted(runId, spec.ItemId, stepIndex, now, result.Result);
            if (last) await writer.WriteAsync(completed, new ItemCompleted(runId, spec.ItemId, now, ItemOutcome.Succeeded));
            else await writer.WriteAsync(completed);
            item.Results.Add(result.Result);
            log.ForContext("StepIndex", stepIndex).Debug("Step {StepIndex} ({StepName}) of item {ItemId} completed", stepIndex, step.Name, spec.ItemId);
        }
        item.Outcome = ItemOutcome.Succeeded;
        return ItemOutcome.Succeeded;
    }

    private sealed record ActiveRun(RunHandle Handle, RunEventHub Hub);
}
