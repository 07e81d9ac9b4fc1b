using System.Threading.Channels;
using PluginHost.Actors.Journal;
using PluginHost.Shared.Runs;

namespace PluginHost.Actors.Coordination;

/// <summary>The single writer of one run's events: drains everything queued into one journal append (one
/// transaction, group commit), then publishes the appended entries to the run's hub. Order is queue order. An awaited
/// write is committed at once; events only posted (StepStarted, StepOutput) wait up to <see cref="PostedDelay"/> for
/// an awaited write to share their transaction (a short step's StepStarted goes in with its StepCompleted).</summary>
public sealed class RunJournalWriter
{
    /// <summary>Most events appended in one transaction.</summary>
    public const int MaxBatch = 4096;

    /// <summary>Longest a posted event waits for an awaited write before it is committed on its own.</summary>
    public static readonly TimeSpan PostedDelay = TimeSpan.FromMilliseconds(5);

    private readonly IJournal _journal;
    private readonly string _runId;
    private readonly RunEventHub _hub;
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _loop;
    private readonly SemaphoreSlim _awaitedArrived = new(0);
    private Exception? _fault;
    private long _appends;
    private int _awaitedQueued;

    /// <summary>Starts the writer of <paramref name="runId"/>.</summary>
    public RunJournalWriter(IJournal journal, string runId, RunEventHub hub)
    {
        _journal = journal;
        _runId = runId;
        _hub = hub;
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>Number of journal appends (transactions) so far.</summary>
    public long Appends => Interlocked.Read(ref _appends);

    /// <summary>Queues an event without waiting for it to be durable (e.g. StepStarted, StepOutput).</summary>
    public void Post(RunEvent runEvent)
    {
        if (_fault is { } fault) throw new JournalException($"the journal writer of run '{_runId}' failed: {fault.Message}", fault);
        _queue.Writer.TryWrite(new Pending([runEvent], null));
    }

    /// <summary>Queues events and completes once they (and everything queued before them) are durable in the journal.</summary>
    public Task WriteAsync(params RunEvent[] events)
    {
        if (_fault is { } fault) return Task.FromException(new JournalException($"the journal writer of run '{_runId}' failed: {fault.Message}", fault));
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Interlocked.Increment(ref _awaitedQueued);
        if (!_queue.Writer.TryWrite(new Pending(events, done)))
        {
            Interlocked.Decrement(ref _awaitedQueued);
            done.TrySetException(new InvalidOperationException($"the journal writer of run '{_runId}' is closed"));
        }
        else if (_awaitedArrived.CurrentCount == 0) _awaitedArrived.Release();
        return done.Task;
    }

    /// <summary>Stops accepting events and waits until everything queued is written.</summary>
    public async Task CompleteAsync()
    {
        _queue.Writer.TryComplete();
        _awaitedArrived.Release();
        await _loop;
    }

    private async Task LoopAsync()
    {
        var batch = new List<Pending>();
        var events = new List<RunEvent>();
        while (await _queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            events.Clear();
            // Only posted events queued: give an awaited write a moment to join them in one transaction.
            if (Volatile.Read(ref _awaitedQueued) == 0 && !_queue.Reader.Completion.IsCompleted)
                await _awaitedArrived.WaitAsync(PostedDelay);
            while (events.Count < MaxBatch && _queue.Reader.TryRead(out var pending))
            {
                batch.Add(pending);
                events.AddRange(pending.Events);
                if (pending.Done is not null) Interlocked.Decrement(ref _awaitedQueued);
            }
            if (events.Count == 0) continue;
            try
            {
                if (_fault is not null) throw _fault;
                var last = await _journal.AppendAsync(_runId, events.ToArray());
                Interlocked.Increment(ref _appends);
                var now = DateTimeOffset.UtcNow;
                var entries = new JournalEntry[events.Count];
                for (var i = 0; i < events.Count; i++) entries[i] = new JournalEntry(_runId, last - events.Count + 1 + i, events[i], now);
                _hub.Publish(entries);
                foreach (var pending in batch) pending.Done?.TrySetResult();
            }
            catch (Exception e)
            {
                _fault ??= e;
                foreach (var pending in batch) pending.Done?.TrySetException(e);
            }
        }
    }

    private sealed record Pending(RunEvent[] Events, TaskCompletionSource? Done);
}
