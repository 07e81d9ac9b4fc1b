using PluginHost.Actors.Journal;
using PluginHost.Shared.Runs;

namespace PluginHost.Actors.Tests.Journal;

/// The behaviour every journal backend must show; run once per backend by the subclasses.
public abstract class JournalContractTests : IAsyncLifetime
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);
    private readonly List<IJournal> opened = [];

    protected ManualClock Clock { get; } = new();

    protected IJournal Journal { get; private set; } = null!;

    /// Prepares a new, empty store; later <see cref="OpenAsync"/> calls open it.
    protected abstract Task CreateStoreAsync();

    /// Opens a new journal object on the current store (a second call acts as a second node).
    protected abstract Task<IJournal> OpenJournalAsync();

    /// Runs SQL directly against the current store.
    protected abstract Task ExecuteRawAsync(string sql);

    /// Reads one integer directly from the current store.
    protected abstract Task<long> ScalarAsync(string sql);

    public async Task InitializeAsync()
    {
        await CreateStoreAsync();
        Journal = await OpenAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var journal in opened) await journal.DisposeAsync();
    }

    protected async Task<IJournal> OpenAsync()
    {
        var journal = await OpenJournalAsync();
        opened.Add(journal);
        return journal;
    }

    private DateTimeOffset Now => Clock.GetUtcNow();

    private static RunSpec Spec(string runId, int items, string kind = "sync") => new(runId, kind,
        Enumerable.Range(0, items).Select(i => new WorkItemSpec($"item-{i}", $"canister {i}",
            [new StepSpec("exec", "sha256:00ff", Payload.OfText("{}"), StepLimits.Default)])).ToList());

    private async Task<long> StartRunAsync(IJournal journal, string runId, int items, string kind = "sync")
    {
        var spec = Spec(runId, items, kind);
        List<RunEvent> events = [new RunAccepted(runId, Now, spec)];
        events.AddRange(spec.Items.Select(i => new ItemScheduled(runId, i.ItemId, Now, i.Name)));
        return await journal.AppendAsync(runId, events);
    }

    [Fact]
    public async Task AppendNumbersEventsFromOneWithoutGapsAndReadReturnsThemInOrder()
    {
        Assert.Equal(3, await StartRunAsync(Journal, "r1", 2));
        Assert.Equal(5, await Journal.AppendAsync("r1", [
            new StepStarted("r1", "item-0", 0, Now, "exec"),
            new StepOutput("r1", "item-0", 0, Now, "stdout", Payload.OfBytes([0, 255, 7])),
        ]));

        var entries = await Journal.ReadAsync("r1");

        Assert.Equal([1L, 2, 3, 4, 5], entries.Select(e => e.Sequence));
        Assert.Equal(["RunAccepted", "ItemScheduled", "ItemScheduled", "StepStarted", "StepOutput"], entries.Select(e => e.Event.EventType));
        var accepted = Assert.IsType<RunAccepted>(entries[0].Event);
        Assert.Equal(2, accepted.Spec.Items.Count);
        Assert.Equal(new StepOutput("r1", "item-0", 0, Now, "stdout", Payload.OfBytes([0, 255, 7])), entries[4].Event);
        Assert.All(entries, e => Assert.Equal(Now, e.RecordedAt));
    }

    [Fact]
    public async Task ReadFromASequenceNumberSkipsEarlierEventsAndUnknownRunsReadEmpty()
    {
        await StartRunAsync(Journal, "r1", 4);

        Assert.Equal([4L, 5], (await Journal.ReadAsync("r1", 4)).Select(e => e.Sequence));
        Assert.Empty(await Journal.ReadAsync("r1", 6));
        Assert.Empty(await Journal.ReadAsync("no-such-run"));
    }

    [Fact]
    public async Task ExpectedSequenceMismatchIsAConflictAndWritesNothing()
    {
        await Journal.AppendAsync("r1", [new RunAccepted("r1", Now, Spec("r1", 0))], expectedSequence: 0);
        await Journal.AppendAsync("r1", [new StepStarted("r1", "x", 0, Now, "exec")], expectedSequence: 1);

        var conflict = await Assert.ThrowsAsync<JournalConflictException>(() =>
            Journal.AppendAsync("r1", [new StepStarted("r1", "x", 1, Now, "exec")], expectedSequence: 1));

        Assert.Equal((1L, 2L), (conflict.Expected, conflict.Actual));
        Assert.Contains("r1", conflict.Message);
        Assert.Equal(2, (await Journal.ReadAsync("r1")).Count);
    }

    [Fact]
    public async Task ARunStartsWithRunAcceptedExactlyOnce()
    {
        var unknown = await Assert.ThrowsAsync<JournalException>(() =>
            Journal.AppendAsync("r1", [new StepStarted("r1", "x", 0, Now, "exec")]));
        Assert.Contains("first event must be RunAccepted", unknown.Message);

        await StartRunAsync(Journal, "r1", 1);
        await Assert.ThrowsAsync<JournalConflictException>(() => Journal.AppendAsync("r1", [new RunAccepted("r1", Now, Spec("r1", 1))]));
        Assert.Equal(2, (await Journal.ReadAsync("r1")).Count);
    }

    [Fact]
    public async Task EventsOfAnotherRunAreRejected()
    {
        await StartRunAsync(Journal, "r1", 0);

        var e = await Assert.ThrowsAsync<ArgumentException>(() => Journal.AppendAsync("r1", [new StepStarted("r2", "x", 0, Now, "exec")]));
        Assert.Contains("'r2'", e.Message);
    }

    [Fact]
    public async Task ItemsAreScheduledAndCompletedOnceEachWithinABatchOrAcrossBatches()
    {
        await StartRunAsync(Journal, "r1", 3);

        var again = await Assert.ThrowsAsync<JournalException>(() => Journal.AppendAsync("r1", [new ItemScheduled("r1", "item-1", Now, "again")]));
        Assert.Contains("item 'item-1' of run 'r1' is already scheduled", again.Message);
        var twiceInOne = await Assert.ThrowsAsync<JournalException>(() => Journal.AppendAsync("r1", [
            new ItemScheduled("r1", "new", Now, "new"), new ItemScheduled("r1", "new", Now, "new")]));
        Assert.Contains("item 'new' of run 'r1' is already scheduled", twiceInOne.Message);
        var unknown = await Assert.ThrowsAsync<JournalException>(() => Journal.AppendAsync("r1", [
            new ItemCompleted("r1", "item-0", Now, ItemOutcome.Succeeded), new ItemCompleted("r1", "ghost", Now, ItemOutcome.Succeeded)]));
        Assert.Contains("run 'r1' has no item 'ghost'", unknown.Message);

        // One batch: schedule a fourth item, complete it and two others (one failed), then the run.
        Assert.Equal(10, await Journal.AppendAsync("r1", [
            new ItemScheduled("r1", "item-3", Now, "late"),
            new StepStarted("r1", "item-3", 0, Now, "exec"),
            new ItemCompleted("r1", "item-3", Now, ItemOutcome.Succeeded),
            new ItemCompleted("r1", "item-0", Now, ItemOutcome.Succeeded),
            new ItemCompleted("r1", "item-1", Now, ItemOutcome.Failed, "boom"),
            new StepStarted("r1", "item-2", 0, Now, "exec"),
        ]));
        var doneTwice = await Assert.ThrowsAsync<JournalException>(() => Journal.AppendAsync("r1", [new ItemCompleted("r1", "item-0", Now, ItemOutcome.Failed)]));
        Assert.Contains("item 'item-0' of run 'r1' is already completed (succeeded)", doneTwice.Message);
        var twiceInBatch = await Assert.ThrowsAsync<JournalException>(() => Journal.AppendAsync("r1", [
            new ItemCompleted("r1", "item-2", Now, ItemOutcome.Succeeded), new ItemCompleted("r1", "item-2", Now, ItemOutcome.Succeeded)]));
        Assert.Contains("item 'item-2' of run 'r1' is already completed", twiceInBatch.Message);

        Assert.Equal(12, await Journal.AppendAsync("r1", [
            new ItemCompleted("r1", "item-2", Now, ItemOutcome.Succeeded), new RunCompleted("r1", Now, 3, 1)]));
        var run = Assert.Single(await Journal.ListRunsAsync());
        Assert.Equal((RunState.Failed, 12L, 4, 3, 1), (run.State, run.LastSequence, run.ItemCount, run.ItemsSucceeded, run.ItemsFailed));
        Assert.Equal([WorkItemState.Succeeded, WorkItemState.Failed, WorkItemState.Succeeded, WorkItemState.Succeeded],
            (await Journal.ListItemsAsync("r1")).Select(i => i.State));
        Assert.Equal(Enumerable.Range(1, 12).Select(i => (long)i), (await Journal.ReadAsync("r1")).Select(e => e.Sequence));
    }

    [Fact]
    public async Task ABatchWithABadEventIsRolledBackWhole()
    {
        await StartRunAsync(Journal, "r1", 1);

        await Assert.ThrowsAsync<JournalException>(() => Journal.AppendAsync("r1", [
            new StepStarted("r1", "item-0", 0, Now, "exec"),
            new ItemCompleted("r1", "no-such-item", Now, ItemOutcome.Succeeded),
        ]));

        Assert.Equal(2, (await Journal.ReadAsync("r1")).Count);
        var run = Assert.Single(await Journal.ListRunsAsync());
        Assert.Equal((RunState.Accepted, 2L), (run.State, run.LastSequence));
        Assert.Equal(3, await Journal.AppendAsync("r1", [new StepStarted("r1", "item-0", 0, Now, "exec")]));
    }

    [Fact]
    public async Task RunListingFollowsStateAndItemCounts()
    {
        await StartRunAsync(Journal, "done", 2, "install");
        Clock.Advance(TimeSpan.FromSeconds(1));
        await StartRunAsync(Journal, "broken", 1);
        Clock.Advance(TimeSpan.FromSeconds(1));
        await StartRunAsync(Journal, "waiting", 1);
        Clock.Advance(TimeSpan.FromSeconds(1));

        await Journal.AppendAsync("done", [
            new StepStarted("done", "item-0", 0, Now, "exec"),
            new StepCompleted("done", "item-0", 0, Now, Payload.OfText("{}")),
            new ItemCompleted("done", "item-0", Now, ItemOutcome.Succeeded),
            new ItemCompleted("done", "item-1", Now, ItemOutcome.Succeeded),
            new RunCompleted("done", Now, 2, 0),
        ]);
        await Journal.AppendAsync("broken", [
            new StepStarted("broken", "item-0", 0, Now, "exec"),
            new StepFailed("broken", "item-0", 0, Now, "trap: unreachable"),
        ]);

        var runs = await Journal.ListRunsAsync();
        Assert.Equal(["done", "broken", "waiting"], runs.Select(r => r.RunId));
        var done = runs[0];
        Assert.Equal(("install", RunState.Completed, 2, 2, 0, 8L), (done.Kind, done.State, done.ItemCount, done.ItemsSucceeded, done.ItemsFailed, done.LastSequence));
        Assert.True(done.UpdatedAt > done.CreatedAt);
        Assert.Equal(RunState.Running, runs[1].State);
        Assert.Equal(RunState.Accepted, runs[2].State);
        Assert.Equal(["broken", "waiting"], (await Journal.ListUnfinishedRunsAsync()).Select(r => r.RunId));

        await Journal.AppendAsync("broken", [new ItemCompleted("broken", "item-0", Now, ItemOutcome.Failed, "trap"), new RunCompleted("broken", Now, 0, 1)]);
        var broken = (await Journal.ListRunsAsync()).Single(r => r.RunId == "broken");
        Assert.Equal((RunState.Failed, 1), (broken.State, broken.ItemsFailed));
        Assert.Equal(["waiting"], (await Journal.ListUnfinishedRunsAsync()).Select(r => r.RunId));

        var afterEnd = await Assert.ThrowsAsync<JournalException>(() => Journal.AppendAsync("done", [new StepStarted("done", "item-0", 1, Now, "exec")]));
        Assert.Contains("finished", afterEnd.Message);
    }

    [Fact]
    public async Task EventsAndStateSurviveReopening()
    {
        await StartRunAsync(Journal, "r1", 3);
        await Journal.DisposeAsync();

        var reopened = await OpenAsync();

        Assert.Equal(4, (await reopened.ReadAsync("r1")).Count);
        Assert.Equal(3, (await reopened.ListItemsAsync("r1")).Count);
        Assert.Equal(5, await reopened.AppendAsync("r1", [new StepStarted("r1", "item-0", 0, Now, "exec")], expectedSequence: 4));
        Assert.Equal(JournalSchema.LatestVersion, await ScalarAsync("SELECT MAX(version) FROM schema_version"));
    }

    [Fact]
    public async Task ClaimHandsOutPendingItemsInScheduleOrderUpToMax()
    {
        await StartRunAsync(Journal, "r1", 3);

        var first = await Journal.ClaimItemsAsync("node-a", 2, Lease);
        var second = await Journal.ClaimItemsAsync("node-b", 5, Lease);

        Assert.Equal(["item-0", "item-1"], first.Select(i => i.ItemId).Order());
        Assert.All(first, i => Assert.Equal((WorkItemState.Claimed, "node-a", Now + Lease, 1), (i.State, i.OwnerNode, i.LeaseExpiresAt, i.Attempts)));
        Assert.Equal("item-2", Assert.Single(second).ItemId);
        Assert.Empty(await Journal.ClaimItemsAsync("node-b", 5, Lease));
        Assert.Equal(["node-a", "node-a", "node-b"], (await Journal.ListItemsAsync("r1")).Select(i => i.OwnerNode));
    }

    [Fact]
    public async Task OnlyTheOwnerRenewsOrCompletesAnItem()
    {
        await StartRunAsync(Journal, "r1", 1);
        await Journal.ClaimItemsAsync("node-a", 1, Lease);
        Clock.Advance(TimeSpan.FromSeconds(10));

        Assert.False(await Journal.RenewLeaseAsync("node-b", "r1", "item-0", Lease));
        Assert.True(await Journal.RenewLeaseAsync("node-a", "r1", "item-0", Lease));
        Assert.Equal(Now + Lease, Assert.Single(await Journal.ListItemsAsync("r1")).LeaseExpiresAt);

        Assert.False(await Journal.CompleteItemAsync("node-b", new ItemCompleted("r1", "item-0", Now, ItemOutcome.Succeeded)));
        Assert.Equal(2, (await Journal.ReadAsync("r1")).Count);
        Assert.True(await Journal.CompleteItemAsync("node-a", new ItemCompleted("r1", "item-0", Now, ItemOutcome.Succeeded)));

        var item = Assert.Single(await Journal.ListItemsAsync("r1"));
        Assert.Equal((WorkItemState.Succeeded, null, null), (item.State, item.OwnerNode, item.LeaseExpiresAt));
        Assert.IsType<ItemCompleted>((await Journal.ReadAsync("r1"))[^1].Event);
        Assert.Equal(1, Assert.Single(await Journal.ListRunsAsync()).ItemsSucceeded);
        Assert.False(await Journal.CompleteItemAsync("node-a", new ItemCompleted("r1", "item-0", Now, ItemOutcome.Succeeded)));
        Assert.False(await Journal.RenewLeaseAsync("node-a", "r1", "item-0", Lease));
        Assert.Empty(await Journal.ClaimItemsAsync("node-b", 1, Lease));
    }

    [Fact]
    public async Task CompletingAnUnknownItemIsAClearError()
    {
        await StartRunAsync(Journal, "r1", 1);

        var e = await Assert.ThrowsAsync<JournalException>(() => Journal.CompleteItemAsync("node-a", new ItemCompleted("r1", "ghost", Now, ItemOutcome.Failed)));
        Assert.Contains("'ghost'", e.Message);
    }

    [Fact]
    public async Task AnExpiredLeaseGoesToAnotherNodeAndTheOldOwnerCannotComplete()
    {
        var nodeA = Journal;
        var nodeB = await OpenAsync();
        await StartRunAsync(nodeA, "r1", 1);
        Assert.Single(await nodeA.ClaimItemsAsync("node-a", 1, Lease));

        Clock.Advance(TimeSpan.FromSeconds(20));
        Assert.Empty(await nodeB.ClaimItemsAsync("node-b", 1, Lease));
        Clock.Advance(TimeSpan.FromSeconds(11));
        var taken = Assert.Single(await nodeB.ClaimItemsAsync("node-b", 1, Lease));

        Assert.Equal(("item-0", "node-b", 2), (taken.ItemId, taken.OwnerNode, taken.Attempts));
        Assert.False(await nodeA.RenewLeaseAsync("node-a", "r1", "item-0", Lease));
        Assert.False(await nodeA.CompleteItemAsync("node-a", new ItemCompleted("r1", "item-0", Now, ItemOutcome.Failed, "stale")));
        Assert.True(await nodeB.CompleteItemAsync("node-b", new ItemCompleted("r1", "item-0", Now, ItemOutcome.Succeeded)));
        var completions = (await nodeA.ReadAsync("r1")).Select(e => e.Event).OfType<ItemCompleted>().ToList();
        Assert.Equal(ItemOutcome.Succeeded, Assert.Single(completions).Outcome);
    }

    [Fact]
    public async Task AClaimIsAFencingTokenThatALaterClaimOfTheSameNodeOutdates()
    {
        await StartRunAsync(Journal, "r1", 1);
        var first = Assert.Single(await Journal.ClaimItemsAsync("node-a", 1, Lease));
        Clock.Advance(Lease + TimeSpan.FromSeconds(1));
        Assert.Single(await Journal.ClaimItemsAsync("node-b", 1, Lease));
        Clock.Advance(Lease + TimeSpan.FromSeconds(1));
        var again = Assert.Single(await Journal.ClaimItemsAsync("node-a", 1, Lease));
        Assert.Equal((1, 3), (first.Attempts, again.Attempts));

        // node-a owns the item again, but an execution still holding its first claim is refused everywhere.
        StepStarted Started(string name) => new("r1", "item-0", 0, Now, name);
        Assert.Null(await Journal.AppendForItemAsync("node-a", "r1", "item-0", [Started("stale")], first.Attempts));
        Assert.False(await Journal.RenewLeaseAsync("node-a", "r1", "item-0", Lease, first.Attempts));
        Assert.False(await Journal.CompleteItemAsync("node-a", new ItemCompleted("r1", "item-0", Now, ItemOutcome.Failed, "stale"), first.Attempts));

        Assert.NotNull(await Journal.AppendForItemAsync("node-a", "r1", "item-0", [Started("current")], again.Attempts));
        Assert.True(await Journal.RenewLeaseAsync("node-a", "r1", "item-0", Lease, again.Attempts));
        Assert.True(await Journal.CompleteItemAsync("node-a", new ItemCompleted("r1", "item-0", Now, ItemOutcome.Succeeded), again.Attempts));
        var events = (await Journal.ReadAsync("r1")).Select(e => e.Event).ToList();
        Assert.Equal("current", Assert.Single(events.OfType<StepStarted>()).StepName);
        Assert.Equal(ItemOutcome.Succeeded, Assert.Single(events.OfType<ItemCompleted>()).Outcome);
    }

    [Fact]
    public async Task ReleasedItemsBecomePendingForOtherNodes()
    {
        await StartRunAsync(Journal, "r1", 3);
        await Journal.ClaimItemsAsync("node-a", 2, Lease);
        await Journal.ClaimItemsAsync("node-b", 1, Lease);

        Assert.Equal(2, await Journal.ReleaseItemsAsync("node-a"));
        Assert.Equal(0, await Journal.ReleaseItemsAsync("node-a"));

        var items = await Journal.ListItemsAsync("r1");
        Assert.Equal([WorkItemState.Pending, WorkItemState.Pending, WorkItemState.Claimed], items.Select(i => i.State));
        Assert.Equal(2, (await Journal.ClaimItemsAsync("node-c", 5, Lease)).Count);
    }

    [Fact]
    public async Task EightConcurrentAppendersGetGapFreeDisjointSequences()
    {
        const int appenders = 8, batches = 15, batchSize = 3;
        await StartRunAsync(Journal, "r1", 0);
        var second = await OpenAsync();

        var results = await Task.WhenAll(Enumerable.Range(0, appenders).Select(a => Task.Run(async () =>
        {
            var journal = a % 2 == 0 ? Journal : second;
            var lasts = new List<long>();
            for (var b = 0; b < batches; b++)
            {
                var events = Enumerable.Range(0, batchSize)
                    .Select(k => (RunEvent)new StepOutput("r1", $"appender-{a}", b, Now, "stdout", Payload.OfText($"{a}/{b}/{k}")))
                    .ToList();
                lasts.Add(await journal.AppendAsync("r1", events));
            }
            return (Appender: a, Lasts: lasts);
        })));

        const long total = 1 + appenders * batches * batchSize;
        var entries = await Journal.ReadAsync("r1");
        Assert.Equal(Enumerable.Range(1, (int)total).Select(i => (long)i), entries.Select(e => e.Sequence));
        var claimed = results.SelectMany(r => r.Lasts.SelectMany(last => Enumerable.Range(0, batchSize).Select(k => last - batchSize + 1 + k))).Order().ToList();
        Assert.Equal(Enumerable.Range(2, (int)total - 1).Select(i => (long)i), claimed);
        foreach (var (appender, lasts) in results)
        {
            for (var b = 0; b < batches; b++)
            {
                var batch = entries.Where(e => e.Sequence > lasts[b] - batchSize && e.Sequence <= lasts[b]).Select(e => (StepOutput)e.Event).ToList();
                Assert.Equal(Enumerable.Range(0, batchSize).Select(k => $"{appender}/{b}/{k}"), batch.Select(o => o.Data.Text));
            }
        }
        Assert.Equal(total, Assert.Single(await Journal.ListRunsAsync()).LastSequence);
    }

    [Fact]
    public async Task ConcurrentAppendsWithTheSameExpectedSequenceLetExactlyOneWin()
    {
        await StartRunAsync(Journal, "r1", 0);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 8).Select(a => Task.Run(async () =>
        {
            try
            {
                await Journal.AppendAsync("r1", [new StepStarted("r1", $"item-{a}", 0, Now, "exec")], expectedSequence: 1);
                return true;
            }
            catch (JournalConflictException)
            {
                return false;
            }
        })));

        Assert.Equal(1, outcomes.Count(won => won));
        Assert.Equal(2, (await Journal.ReadAsync("r1")).Count);
    }

    [Fact]
    public async Task ConcurrentRunAcceptedForOneNewRunCreatesItOnce()
    {
        var nodeB = await OpenAsync();

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 8).Select(a => Task.Run(async () =>
        {
            try
            {
                await StartRunAsync(a % 2 == 0 ? Journal : nodeB, "r1", 2);
                return true;
            }
            catch (JournalConflictException)
            {
                return false;
            }
        })));

        Assert.Equal(1, outcomes.Count(won => won));
        Assert.Equal(3, (await Journal.ReadAsync("r1")).Count);
        Assert.Equal(2, Assert.Single(await Journal.ListRunsAsync()).ItemCount);
    }

    [Fact]
    public async Task TwoNodesClaimingConcurrentlyNeverGetTheSameItem()
    {
        const int items = 60;
        await StartRunAsync(Journal, "r1", items / 2);
        await StartRunAsync(Journal, "r2", items / 2);
        var nodeB = await OpenAsync();
        var claimedCount = 0;

        var claims = await Task.WhenAll(new[] { ("node-a", Journal), ("node-a", Journal), ("node-b", nodeB), ("node-b", nodeB) }
            .Select(worker => Task.Run(async () =>
            {
                var mine = new List<WorkItemRecord>();
                for (var round = 0; round < 10_000 && Volatile.Read(ref claimedCount) < items; round++)
                {
                    var got = await worker.Item2.ClaimItemsAsync(worker.Item1, 3, Lease);
                    Interlocked.Add(ref claimedCount, got.Count);
                    mine.AddRange(got);
                    if (got.Count == 0) await Task.Yield();
                }
                return mine;
            })));

        var all = claims.SelectMany(c => c).ToList();
        Assert.Equal(items, all.Count);
        Assert.Equal(items, all.Select(i => (i.RunId, i.ItemId)).Distinct().Count());
        Assert.All(all, i => Assert.Equal(1, i.Attempts));
        var owners = (await Journal.ListItemsAsync("r1")).Concat(await Journal.ListItemsAsync("r2"))
            .ToDictionary(i => (i.RunId, i.ItemId), i => i.OwnerNode);
        Assert.All(all, i => Assert.Equal(owners[(i.RunId, i.ItemId)], i.OwnerNode));
    }

    [Fact]
    public async Task AStoreWithANewerSchemaVersionIsRejected()
    {
        await ExecuteRawAsync("INSERT INTO schema_version (component, version, description, applied_at) VALUES ('pluginhost.journal', 99, 'future', 0)");

        var e = await Assert.ThrowsAsync<JournalException>(OpenAsync);

        Assert.Contains("version 99", e.Message);
        Assert.Contains("newer than this build supports", e.Message);
    }

    [Fact]
    public async Task AStoreWithForeignTablesIsRejected()
    {
        await CreateStoreAsync();
        await ExecuteRawAsync("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)");

        var e = await Assert.ThrowsAsync<JournalException>(OpenAsync);

        Assert.Contains("not a PluginHost journal", e.Message);
        Assert.Contains("customers", e.Message);
    }

    [Fact]
    public async Task AForeignSchemaVersionTableIsRejected()
    {
        await CreateStoreAsync();
        await ExecuteRawAsync("CREATE TABLE schema_version (version INTEGER NOT NULL)");

        var e = await Assert.ThrowsAsync<JournalException>(OpenAsync);

        Assert.Contains("not a PluginHost journal", e.Message);
        Assert.Contains("schema_version", e.Message);
    }

    [Fact]
    public async Task AMissingMigrationIsAppliedWhenOpening()
    {
        await StartRunAsync(Journal, "r1", 1);
        foreach (var index in new[] { "items_by_state", "items_by_owner", "runs_by_state" })
            await ExecuteRawAsync($"DROP INDEX {index}"); // back to exactly what version 1 created
        await ExecuteRawAsync("DROP TABLE nodes");
        await ExecuteRawAsync("DELETE FROM schema_version WHERE version >= 2");
        Assert.Equal(1, await ScalarAsync("SELECT MAX(version) FROM schema_version"));

        var reopened = await OpenAsync();

        Assert.Equal(JournalSchema.LatestVersion, await ScalarAsync("SELECT MAX(version) FROM schema_version"));
        Assert.Empty(await reopened.ListNodesAsync());
        Assert.Equal(2, (await reopened.ReadAsync("r1")).Count);
        Assert.Single(await reopened.ClaimItemsAsync("node-a", 1, Lease));
    }
}
