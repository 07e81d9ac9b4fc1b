using PluginHost.Actors.Coordination;
using PluginHost.Actors.Journal;
using PluginHost.Actors.Kernel;
using PluginHost.Actors.Runners;
using PluginHost.Actors.Tests.Runners;
using PluginHost.Shared.Runs;

namespace PluginHost.Actors.Tests.Coordination;

/// <summary>The coordinator against a real journal backend (SQLite or PostgreSQL, see the subclasses).</summary>
public abstract class CoordinatorTests : IAsyncLifetime
{
    private readonly ActorSystem _system = new("coordinator-test");
    private RunnerPool _pool = null!;
    private StepExecutorRegistry _registry = null!;

    protected IJournal Journal { get; private set; } = null!;
    protected ProbeExecutor Probe { get; } = new();
    protected RunCoordinator Coordinator { get; private set; } = null!;

    /// <summary>Opens a fresh, empty journal.</summary>
    protected abstract Task<IJournal> OpenJournalAsync();

    public async Task InitializeAsync()
    {
        Journal = await OpenJournalAsync();
        _pool = new RunnerPool(_system, 2);
        _registry = new StepExecutorRegistry()
            .Add(new WasiStepExecutor(new ModuleCache()))
            .Add(Probe);
        Coordinator = new RunCoordinator(Journal, _pool, _registry);
    }

    public async Task DisposeAsync()
    {
        await _pool.DisposeAsync();
        await _system.DisposeAsync();
        await Journal.DisposeAsync();
    }

    private static WorkItemSpec Item(string id, params StepSpec[] steps) => new(id, "item " + id, steps);

    private async Task<List<RunEvent>> EventsAsync(string runId)
    {
        var entries = await Journal.ReadAsync(runId);
        Assert.Equal(Enumerable.Range(1, entries.Count).Select(i => (long)i), entries.Select(e => e.Sequence));
        return entries.Select(e => e.Event).ToList();
    }

    [Fact]
    public async Task ARunJournalsEveryStepInOrderAndCompletes()
    {
        var dir = Fixtures.TempDir();
        // One side-effect file per item: two guests appending to one host file at once may interleave writes.
        var fileA = Path.Combine(dir, "a.txt");
        var fileB = Path.Combine(dir, "b.txt");
        var spec = new RunSpec("run-1", "test", [
            Item("a", Fixtures.WasiStep("first", ["append", fileA, "a0"], null, dir), Fixtures.WasiStep("second", ["append", fileA, "a1"], null, dir)),
            Item("b", Fixtures.WasiStep("only", ["append", fileB, "b0"], null, dir)),
        ]);

        var handle = await Coordinator.SubmitAsync(spec);
        var done = await handle.Completion.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal((2, 0), (done.Succeeded, done.Failed));
        var events = await EventsAsync("run-1");
        Assert.IsType<RunAccepted>(events[0]);
        Assert.Equal(["a", "b"], events.Skip(1).Take(2).Cast<ItemScheduled>().Select(e => e.ItemId));
        Assert.IsType<RunCompleted>(events[^1]);
        var a = events.OfType<ItemEvent>().Where(e => e.ItemId == "a" && e is not ItemScheduled).Select(Describe).ToList();
        Assert.Equal(["StepStarted 0", "StepOutput 0 stdout appended a0", "StepCompleted 0", "StepStarted 1", "StepOutput 1 stdout appended a1",
            "StepCompleted 1", "ItemCompleted Succeeded"], a);
        var b = events.OfType<ItemEvent>().Where(e => e.ItemId == "b" && e is not ItemScheduled).Select(Describe).ToList();
        Assert.Equal(["StepStarted 0", "StepOutput 0 stdout appended b0", "StepCompleted 0", "ItemCompleted Succeeded"], b);
        Assert.Equal(["a0", "a1"], File.ReadAllLines(fileA));
        Assert.Equal(["b0"], File.ReadAllLines(fileB));

        var summary = Assert.Single(await Journal.ListRunsAsync());
        Assert.Equal((RunState.Completed, 2, 2, 0), (summary.State, summary.ItemCount, summary.ItemsSucceeded, summary.ItemsFailed));
    }

    [Fact]
    public async Task AnItemStopsAtItsFirstFailingStepWhileOthersContinue()
    {
        var spec = new RunSpec("run-f", "test", [
            Item("bad", ProbeExecutor.Step("s0"), ProbeExecutor.Step("s1", "fail"), ProbeExecutor.Step("s2")),
            Item("good", ProbeExecutor.Step("s0"), ProbeExecutor.Step("s1"), ProbeExecutor.Step("s2")),
        ]);

        var done = await (await Coordinator.SubmitAsync(spec)).Completion.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal((1, 1), (done.Succeeded, done.Failed));
        Assert.Equal([0, 1], Probe.Calls.Where(c => c.Item == "bad").Select(c => c.Step));
        Assert.Equal([0, 1, 2], Probe.Calls.Where(c => c.Item == "good").Select(c => c.Step));
        var events = await EventsAsync("run-f");
        var failed = Assert.Single(events.OfType<StepFailed>());
        Assert.Equal(("bad", 1, "bad step 1 failed on purpose"), (failed.ItemId, failed.StepIndex, failed.Error));
        var completion = events.OfType<ItemCompleted>().Single(e => e.ItemId == "bad");
        Assert.Equal(ItemOutcome.Failed, completion.Outcome);
        Assert.Contains("step 1 (s1) failed", completion.Error);
        Assert.DoesNotContain(events.OfType<StepStarted>(), e => e.ItemId == "bad" && e.StepIndex == 2);
        Assert.Equal(RunState.Failed, Assert.Single(await Journal.ListRunsAsync()).State);
    }

    [Fact]
    public async Task ItemsRunInParallelAndEachItemsStepsInOrder()
    {
        Probe.Barrier = new Barrier(2);
        var spec = new RunSpec("run-p", "test", [
            Item("x", ProbeExecutor.Step("s0", "barrier"), ProbeExecutor.Step("s1"), ProbeExecutor.Step("s2")),
            Item("y", ProbeExecutor.Step("s0", "barrier"), ProbeExecutor.Step("s1"), ProbeExecutor.Step("s2")),
        ]);

        var done = await (await Coordinator.SubmitAsync(spec)).Completion.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal((2, 0), (done.Succeeded, done.Failed));
        Assert.Equal([0, 1, 2], Probe.Calls.Where(c => c.Item == "x").Select(c => c.Step));
        Assert.Equal([0, 1, 2], Probe.Calls.Where(c => c.Item == "y").Select(c => c.Step));
    }

    [Fact]
    public async Task InvalidSpecsAreRejectedWithClearErrorsAndNothingJournaled()
    {
        var duplicate = await Assert.ThrowsAsync<RunSpecException>(() => Coordinator.SubmitAsync(
            new RunSpec("bad-1", "test", [Item("a", ProbeExecutor.Step("s")), Item("a", ProbeExecutor.Step("s"))])));
        Assert.Contains("items[1].itemId 'a' is a duplicate", duplicate.Message);

        var empty = await Assert.ThrowsAsync<RunSpecException>(() => Coordinator.SubmitAsync(new RunSpec("bad-2", "test", [])));
        Assert.Contains("items is empty", empty.Message);

        var unknown = await Assert.ThrowsAsync<RunSpecException>(() => Coordinator.SubmitAsync(new RunSpec("bad-3", "test",
            [Item("a", new StepSpec("s", "p", Payload.Empty, StepLimits.Default, "teleport"))])));
        Assert.Contains("items[0].steps[0] ('s') has unknown kind 'teleport' (known: probe, wasi)", unknown.Message);

        Assert.Empty(await Journal.ListRunsAsync());
    }

    [Fact]
    public async Task AResumedRunSkipsCompletedStepsAndRerunsTheInterruptedOne()
    {
        var spec = new RunSpec("run-r", "test", [
            Item("half", ProbeExecutor.Step("s0"), ProbeExecutor.Step("s1"), ProbeExecutor.Step("s2")),
            Item("done", ProbeExecutor.Step("s0")),
            Item("fresh", ProbeExecutor.Step("s0"), ProbeExecutor.Step("s1")),
            Item("failed-before-completion", ProbeExecutor.Step("s0")),
        ]);
        var t = DateTimeOffset.UtcNow;
        await Journal.AppendAsync("run-r", [
            new RunAccepted("run-r", t, spec),
            .. spec.Items.Select(i => new ItemScheduled("run-r", i.ItemId, t, i.Name)),
            new StepStarted("run-r", "half", 0, t, "s0"),
            new StepCompleted("run-r", "half", 0, t, Payload.OfText("journaled result")),
            new StepStarted("run-r", "half", 1, t, "s1"),
            new StepStarted("run-r", "done", 0, t, "s0"),
            new StepCompleted("run-r", "done", 0, t, Payload.Empty),
            new ItemCompleted("run-r", "done", t, ItemOutcome.Succeeded),
            new StepStarted("run-r", "failed-before-completion", 0, t, "s0"),
            new StepFailed("run-r", "failed-before-completion", 0, t, "boom"),
        ]);

        var resumed = Assert.Single(await Coordinator.ResumeUnfinishedAsync());
        var done = await resumed.Completion.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.True(resumed.Resumed);
        Assert.Equal((3, 1), (done.Succeeded, done.Failed));
        Assert.Equal([(1, 2), (2, 1)], Probe.Calls.Where(c => c.Item == "half").Select(c => (c.Step, c.Attempt)));
        Assert.DoesNotContain(Probe.Calls, c => c.Item is "done" or "failed-before-completion");
        Assert.Equal([0, 1], Probe.Calls.Where(c => c.Item == "fresh").Select(c => c.Step));
        var events = await EventsAsync("run-r");
        Assert.Equal(ItemOutcome.Failed, events.OfType<ItemCompleted>().Single(e => e.ItemId == "failed-before-completion").Outcome);
        Assert.Single(events.OfType<StepCompleted>(), e => e.ItemId == "half" && e.StepIndex == 0);
        Assert.IsType<RunCompleted>(events[^1]);

        // A finished run is left alone.
        Assert.Null(await Coordinator.ResumeAsync("run-r"));
        Assert.Empty(await Coordinator.ResumeUnfinishedAsync());
    }

    [Fact]
    public async Task FollowReplaysTheJournalThenLiveEventsUntilTheRunCompletes()
    {
        Probe.Barrier = new Barrier(2);
        var spec = new RunSpec("run-live", "test", [
            Item("x", ProbeExecutor.Step("s0", "barrier"), ProbeExecutor.Step("s1")),
            Item("y", ProbeExecutor.Step("s0", "barrier")),
        ]);
        var handle = await Coordinator.SubmitAsync(spec);
        var followed = new List<JournalEntry>();
        await foreach (var entry in Coordinator.FollowAsync("run-live").WithCancellation(new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token))
            followed.Add(entry);
        await handle.Completion;

        var journaled = await Journal.ReadAsync("run-live");
        Assert.Equal(journaled.Select(e => e.Sequence), followed.Select(e => e.Sequence));
        Assert.Equal(journaled.Select(e => e.Event.EventType), followed.Select(e => e.Event.EventType));
        Assert.IsType<RunCompleted>(followed[^1].Event);
    }

    [Fact]
    public async Task DrainingLetsRunningStepsFinishStartsNothingNewAndLeavesTheRunResumable()
    {
        // Two runners: two gated first steps run, the other items wait for a runner.
        var spec = new RunSpec("run-d", "test", Enumerable.Range(0, 5)
            .Select(i => Item($"i{i}", ProbeExecutor.Step("s0", "gate"), ProbeExecutor.Step("s1"))).ToList());
        var handle = await Coordinator.SubmitAsync(spec);
        Assert.True(await Probe.Entered.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.True(await Probe.Entered.WaitAsync(TimeSpan.FromSeconds(30)));

        var drain = Coordinator.DrainAsync(TimeSpan.FromMinutes(2));
        Assert.True(Coordinator.IsDraining);
        Assert.False(drain.IsCompleted); // the two running steps are still inside the gate
        Probe.Gate.SetResult();
        Assert.Equal(["run-d"], await drain.WaitAsync(TimeSpan.FromSeconds(60)));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => handle.Completion);

        // Both running steps finished and were journaled; nothing started after the drain began.
        var events = await EventsAsync("run-d");
        var started = events.OfType<StepStarted>().Select(e => (e.ItemId, e.StepIndex)).ToList();
        Assert.Equal(2, started.Count);
        Assert.All(started, s => Assert.Equal(0, s.StepIndex));
        Assert.Equal(started.Order(), events.OfType<StepCompleted>().Select(e => (e.ItemId, e.StepIndex)).Order());
        Assert.Equal(2, Probe.Calls.Count);
        Assert.DoesNotContain(events, e => e is RunCompleted or StepFailed or ItemCompleted);
        Assert.Equal(RunState.Running, Assert.Single(await Journal.ListUnfinishedRunsAsync()).State);

        // A later coordinator resumes it: the finished steps are not run again.
        var resumed = await new RunCoordinator(Journal, _pool, _registry).ResumeAsync("run-d");
        var done = await resumed!.Completion.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal((5, 0), (done.Succeeded, done.Failed));
        Assert.All(Probe.Calls.GroupBy(c => (c.Item, c.Step)), g => Assert.Single(g));
        Assert.Equal(10, Probe.Calls.Count);
    }

    [Fact]
    public async Task ADrainTimeoutCancelsRunningStepsWhichRunAgainOnResume()
    {
        var handle = await Coordinator.SubmitAsync(new RunSpec("run-t", "test", [Item("slow", ProbeExecutor.Step("s0", "gate"))]));
        Assert.True(await Probe.Entered.WaitAsync(TimeSpan.FromSeconds(30)));

        Assert.Equal(["run-t"], await Coordinator.DrainAsync(TimeSpan.FromMilliseconds(200)).WaitAsync(TimeSpan.FromSeconds(60)));

        // The cancelled step is journaled as started only: neither failed nor completed.
        var events = await EventsAsync("run-t");
        Assert.Single(events.OfType<StepStarted>());
        Assert.DoesNotContain(events, e => e is StepCompleted or StepFailed or ItemCompleted or RunCompleted);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => handle.Completion);

        Probe.Gate.SetResult();
        var resumed = await new RunCoordinator(Journal, _pool, _registry).ResumeAsync("run-t");
        var done = await resumed!.Completion.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal((1, 0), (done.Succeeded, done.Failed));
        Assert.Equal([("slow", 0, 1), ("slow", 0, 2)], Probe.Calls);
    }

    [Fact]
    public async Task ARunIdCannotBeSubmittedTwice()
    {
        var spec = new RunSpec("run-twice", "test", [Item("a", ProbeExecutor.Step("s0"))]);
        await (await Coordinator.SubmitAsync(spec)).Completion;
        await Assert.ThrowsAsync<JournalConflictException>(() => Coordinator.SubmitAsync(spec));
    }

    private static string Describe(RunEvent e) => e switch
    {
        StepStarted s => $"StepStarted {s.StepIndex}",
        StepOutput o => $"StepOutput {o.StepIndex} {o.Stream} {o.Data.Text}",
        StepCompleted c => $"StepCompleted {c.StepIndex}",
        StepFailed f => $"StepFailed {f.StepIndex}",
        ItemCompleted i => $"ItemCompleted {i.Outcome}",
        _ => e.EventType,
    };
}

public sealed class SqliteCoordinatorTests : CoordinatorTests
{
    protected override async Task<IJournal> OpenJournalAsync() => await SqliteJournal.OpenInDirectoryAsync(Fixtures.TempDir());
}

[Collection(PluginHost.Actors.Tests.Journal.PostgresCollection.Name)]
public sealed class PostgresCoordinatorTests(PluginHost.Actors.Tests.Journal.PostgresServerFixture server) : CoordinatorTests
{
    protected override async Task<IJournal> OpenJournalAsync() => await PostgresJournal.OpenAsync(await server.CreateSchemaAsync());
}
