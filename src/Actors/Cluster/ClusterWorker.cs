using System.Collections.Concurrent;
using PluginHost.Actors.Journal;
using PluginHost.Shared.Runs;

namespace PluginHost.Actors.Cluster;

/// <summary>Claims work items from the journal with leases bounded by the node's capacity, runs them, renews their leases
/// while they run, completes them only while it still owns them, and journals RunCompleted after a run's last item.</summary>
public sealed class ClusterWorker : IAsyncDisposable
{
    private readonly IJournal journal;
    private readonly IItemExecutor executor;
    private readonly Action<string> log;
    private readonly ConcurrentDictionary<(string RunId, string ItemId), Running> running = new();
    private readonly ConcurrentDictionary<string, RunSpec> specs = new();
    private readonly CancellationTokenSource stopping = new();
    private readonly SemaphoreSlim wake = new(0);
    private Task? claimLoop;
    private Task? renewLoop;
    private volatile bool draining;
    private int completed;
    private int leasesLost;

    /// <summary>Creates a worker; nothing is claimed until <see cref="Start"/>.</summary>
    public ClusterWorker(IJournal journal, IItemExecutor executor, ClusterWorkerOptions options, Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(journal);
        ArgumentNullException.ThrowIfNull(executor);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(options.NodeId);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.Capacity);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.LeaseDuration, TimeSpan.Zero);
        if (RenewEvery(options) >= options.LeaseDuration)
            throw new ArgumentException($"RenewInterval ({RenewEvery(options)}) must be shorter than LeaseDuration ({options.LeaseDuration})", nameof(options));
        this.journal = journal;
        this.executor = executor;
        Options = options;
        this.log = log ?? (_ => { });
    }

    /// <summary>The worker's settings.</summary>
    public ClusterWorkerOptions Options { get; }

    /// <summary>How many items are running now.</summary>
    public int RunningCount => running.Count;

    /// <summary>How many items this worker completed (journaled ItemCompleted for).</summary>
    public int CompletedCount => completed;

    /// <summary>How many items this worker gave up because another node took them.</summary>
    public int LeasesLostCount => leasesLost;

    /// <summary>Starts claiming and renewing.</summary>
    public void Start()
    {
        if (claimLoop is not null) throw new InvalidOperationException($"worker of node '{Options.NodeId}' is already started");
        claimLoop = Task.Run(() => ClaimLoopAsync(stopping.Token));
        renewLoop = Task.Run(() => RenewLoopAsync(stopping.Token));
    }

    /// <summary>Claims up to the free capacity once and starts the claimed items; returns how many were claimed.</summary>
    public async Task<int> ClaimOnceAsync(CancellationToken cancellationToken = default)
    {
        var free = Options.Capacity - running.Count;
        if (free <= 0 || draining) return 0;
        var items = await journal.ClaimItemsAsync(Options.NodeId, free, Options.LeaseDuration, cancellationToken);
        foreach (var item in items)
        {
            var entry = new Running(CancellationTokenSource.CreateLinkedTokenSource(stopping.Token), item.Attempts);
            if (running.TryGetValue((item.RunId, item.ItemId), out var stale))
            {
                // Claimed again (e.g. after this node was cut off and rejoined) while the old execution still runs: stop it
                // so that only the new claim writes.
                stale.Lost = true;
                try { await stale.Cancel.CancelAsync(); } catch (ObjectDisposedException) { /* it ended meanwhile */ }
            }
            running[(item.RunId, item.ItemId)] = entry;
            entry.Task = Task.Run(() => RunItemAsync(item, entry));
        }
        return items.Count;
    }

    /// <summary>Renews the lease of every running item once; items whose lease was lost are cancelled.</summary>
    public async Task RenewOnceAsync(CancellationToken cancellationToken = default)
    {
        foreach (var ((runId, itemId), entry) in running)
        {
            if (await journal.RenewLeaseAsync(Options.NodeId, runId, itemId, Options.LeaseDuration, entry.Claim, cancellationToken)) continue;
            if (entry.Lost) continue;
            entry.Lost = true;
            log($"node '{Options.NodeId}' lost its lease on item '{itemId}' of run '{runId}'; abandoning it");
            try { await entry.Cancel.CancelAsync(); } catch (ObjectDisposedException) { /* the item ended meanwhile */ }
        }
    }

    /// <summary>Stops claiming, waits up to <paramref name="grace"/> for running items to finish, then cancels the rest
    /// and hands every item the node still owns back to the cluster; returns how many were handed back.</summary>
    public async Task<int> DrainAsync(TimeSpan grace, CancellationToken cancellationToken = default)
    {
        draining = true;
        var all = Task.WhenAll(running.Values.Select(r => r.Task ?? Task.CompletedTask));
        await Task.WhenAny(all, Task.Delay(grace, cancellationToken));
        foreach (var entry in running.Values)
        {
            try { await entry.Cancel.CancelAsync(); } catch (ObjectDisposedException) { /* finished meanwhile */ }
        }
        // An item deaf to cancellation is not waited for forever: once handed back, nothing it journals is accepted.
        await Task.WhenAny(all, Task.Delay(grace, cancellationToken));
        return await journal.ReleaseItemsAsync(Options.NodeId, cancellationToken);
    }

    /// <summary>Stops the loops and abandons running items without handing them back (their leases expire).</summary>
    public async ValueTask DisposeAsync()
    {
        if (!stopping.IsCancellationRequested) await stopping.CancelAsync();
        foreach (var task in new[] { claimLoop, renewLoop }.Concat(running.Values.Select(r => r.Task)))
        {
            if (task is null) continue;
            try { await task; } catch (Exception) { /* stopping */ }
        }
        stopping.Dispose();
    }

    private static TimeSpan RenewEvery(ClusterWorkerOptions options) => options.RenewInterval ?? options.LeaseDuration / 3;

    /// <summary>Journals RunCompleted for every unfinished run whose items are all done (a node that completed a run's
    /// last item may have died before doing so); returns how many runs it completed.</summary>
    public async Task<int> CompleteFinishedRunsAsync(CancellationToken cancellationToken = default)
    {
        var done = 0;
        foreach (var run in await journal.ListUnfinishedRunsAsync(cancellationToken))
            if (await TryCompleteRunAsync(run.RunId, cancellationToken)) done++;
        return done;
    }

    private async Task ClaimLoopAsync(CancellationToken cancellationToken)
    {
        var lastSweep = DateTime.UtcNow;
        while (!cancellationToken.IsCancellationRequested)
        {
            var claimed = 0;
            try
            {
                claimed = await ClaimOnceAsync(cancellationToken);
                if (claimed == 0 && DateTime.UtcNow - lastSweep > Options.LeaseDuration)
                {
                    lastSweep = DateTime.UtcNow;
                    await CompleteFinishedRunsAsync(cancellationToken);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested) { return; }
            catch (JournalException e) { log($"node '{Options.NodeId}': claiming failed: {e.Message}"); }
            if (claimed > 0 && running.Count < Options.Capacity) continue;
            try { await wake.WaitAsync(Options.PollInterval, cancellationToken); }
            catch (OperationCanceledException) { return; }
        }
    }

    private async Task RenewLoopAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(RenewEvery(Options));
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                try { await RenewOnceAsync(cancellationToken); }
                catch (JournalException e) { log($"node '{Options.NodeId}': renewing leases failed: {e.Message}"); }
            }
        }
        catch (OperationCanceledException) { }
    }

    private async Task RunItemAsync(WorkItemRecord item, Running entry)
    {
        var token = entry.Cancel.Token;
        try
        {
            var spec = await StoreRetry.RunAsync(() => GetSpecAsync(item.RunId, token), cancellationToken: token);
            var sink = new ItemEventSink(journal, Options.NodeId, item.RunId, item.ItemId, item.Attempts);
            var itemSpec = spec.Items.FirstOrDefault(i => i.ItemId == item.ItemId);
            ItemOutcome outcome;
            string? error = null;
            if (itemSpec is null)
            {
                outcome = ItemOutcome.Failed;
                error = $"run '{item.RunId}' has no item '{item.ItemId}' in its spec";
            }
            else
            {
                try { outcome = await executor.ExecuteAsync(spec, itemSpec, sink, token); }
                catch (Exception e) when (e is not (LeaseLostException or OperationCanceledException or JournalException))
                {
                    outcome = ItemOutcome.Failed;
                    error = $"item '{item.ItemId}' failed: {e.Message}";
                }
            }
            var completion = new ItemCompleted(item.RunId, item.ItemId, DateTimeOffset.UtcNow, outcome, error);
            // A retried completion whose first commit went through finds its own ItemCompleted in the journal.
            if (!await StoreRetry.RunAsync(() => journal.CompleteItemAsync(Options.NodeId, completion, item.Attempts, token),
                    async () => (await sink.IsJournaledAsync(completion, token), true), token))
                throw new LeaseLostException(Options.NodeId, item.RunId, item.ItemId);
            Interlocked.Increment(ref completed);
            await StoreRetry.RunAsync(() => TryCompleteRunAsync(item.RunId, token), cancellationToken: token);
        }
        catch (LeaseLostException e)
        {
            Interlocked.Increment(ref leasesLost);
            log(e.Message);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            if (entry.Lost) Interlocked.Increment(ref leasesLost);
        }
        catch (Exception e)
        {
            log($"node '{Options.NodeId}': item '{item.ItemId}' of run '{item.RunId}' stopped: {e.Message}; its lease will expire");
        }
        finally
        {
            running.TryRemove(new KeyValuePair<(string, string), Running>((item.RunId, item.ItemId), entry));
            entry.Cancel.Dispose();
            wake.Release();
        }
    }

    private async Task<RunSpec> GetSpecAsync(string runId, CancellationToken cancellationToken)
    {
        if (specs.TryGetValue(runId, out var known)) return known;
        var first = await journal.ReadAsync(runId, 1, cancellationToken);
        var spec = first.Count > 0 && first[0].Event is RunAccepted accepted
            ? accepted.Spec
            : throw new JournalException($"run '{runId}' has no RunAccepted event; its items cannot run");
        return specs.GetOrAdd(runId, spec);
    }

    // Journals RunCompleted once every item of the run is done; when two nodes race, the journal refuses the second.
    // True when this call journaled it.
    private async Task<bool> TryCompleteRunAsync(string runId, CancellationToken cancellationToken)
    {
        var items = await journal.ListItemsAsync(runId, cancellationToken);
        if (items.Count == 0 || items.Any(i => i.State is WorkItemState.Pending or WorkItemState.Claimed)) return false;
        var succeeded = items.Count(i => i.State == WorkItemState.Succeeded);
        try
        {
            await journal.AppendAsync(runId, [new RunCompleted(runId, DateTimeOffset.UtcNow, succeeded, items.Count - succeeded)], cancellationToken: cancellationToken);
            log($"node '{Options.NodeId}' completed run '{runId}' ({succeeded} succeeded, {items.Count - succeeded} failed)");
            return true;
        }
        catch (JournalException)
        {
            // Another node may have journaled RunCompleted first; anything else is a real failure.
            var runs = await journal.ListRunsAsync(cancellationToken);
            if (!runs.Any(r => r.RunId == runId && r.State is RunState.Completed or RunState.Failed)) throw;
            return false;
        }
    }

    private sealed class Running(CancellationTokenSource cancel, int claim)
    {
        public CancellationTokenSource Cancel { get; } = cancel;
        // The claim's fencing token (the item's attempts counter): a later claim of the item outdates this execution.
        public int Claim { get; } = claim;
        public Task? Task { get; set; }
        public volatile bool Lost;
    }
}
