using PluginHost.Actors.Cluster;
using PluginHost.Actors.Journal;
using PluginHost.Actors.Kernel;
using PluginHost.Actors.Runners;
using PluginHost.Actors.Tests.Journal;
using PluginHost.Shared.Runs;

namespace PluginHost.Actors.Tests.Cluster;

/// Workers of several nodes sharing one SQLite journal; time moves by hand where leases matter.
public sealed class ClusterWorkerTests : IAsyncLifetime
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);
    private readonly DirectoryInfo dir = Directory.CreateTempSubdirectory("pluginhost-cluster-");
    private readonly ManualClock clock = new();
    private readonly List<IAsyncDisposable> owned = [];
    private IJournal journal = null!;

    public async Task InitializeAsync() => journal = await SqliteJournal.OpenInDirectoryAsync(dir.FullName, clock);

    public async Task DisposeAsync()
    {
        foreach (var item in Enumerable.Reverse(owned)) await item.DisposeAsync();
        await journal.DisposeAsync();
        dir.Delete(recursive: true);
    }

    // The real item executor: runner pool plus registry, with the builtin kind only.
    private RunnerItemExecutor Builtin(string node)
    {
        var system = new ActorSystem($"test-{node}");
        var runners = new RunnerPool(system, 2, $"runner-{node}");
        owned.Add(system);
        owned.Add(runners);
        return new RunnerItemExecutor(runners, new StepExecutorRegistry().Add(new BuiltinStepExecutor(node)));
    }

    private ClusterWorker Worker(string node, IItemExecutor executor, int capacity = 2)
    {
        var worker = new ClusterWorker(journal, executor, new ClusterWorkerOptions
        {
            NodeId = node, Capacity = capacity, LeaseDuration = TimeSpan.FromSeconds(30), PollInterval = TimeSpan.FromMilliseconds(20),
        });
        owned.Add(worker);
        return worker;
    }

    [Fact]
    public async Task TwoWorkersCompleteEveryItemOnceAndTheRunOnce()
    {
        await ClusterSpecs.SubmitAsync(journal, "r1", 40, "builtin:sleep", "5");
        var a = Worker("a", Builtin("a"));
        var b = Worker("b", Builtin("b"));
        a.Start();
        b.Start();

        await ClusterSpecs.WaitUntilAsync(async () => (await journal.ListRunsAsync())[0].State == RunState.Completed, Limit, "run r1 to complete");

        var completions = await ClusterSpecs.CompletionsAsync(journal, "r1");
        Assert.Equal(40, completions.Count);
        Assert.All(completions.Values, n => Assert.Equal(1, n));
        Assert.Equal(40, a.CompletedCount + b.CompletedCount);
        Assert.True(a.CompletedCount > 0 && b.CompletedCount > 0, $"a completed {a.CompletedCount}, b {b.CompletedCount}");
        var events = (await journal.ReadAsync("r1")).Select(e => e.Event).ToList();
        var done = Assert.Single(events.OfType<RunCompleted>());
        Assert.Equal((40, 0), (done.Succeeded, done.Failed));
        Assert.IsType<RunCompleted>(events[^1]);
    }

    [Fact]
    public async Task ARunWhoseLastItemWasCompletedByANodeThatThenDiedIsCompletedBySweeping()
    {
        await ClusterSpecs.SubmitAsync(journal, "r1", 2);
        foreach (var item in await journal.ClaimItemsAsync("gone", 2, TimeSpan.FromSeconds(30)))
            Assert.True(await journal.CompleteItemAsync("gone", new ItemCompleted("r1", item.ItemId, clock.GetUtcNow(), ItemOutcome.Succeeded)));
        Assert.NotEqual(RunState.Completed, (await journal.ListRunsAsync())[0].State); // "gone" died before RunCompleted
        var a = Worker("a", Builtin("a"));

        Assert.Equal(1, await a.CompleteFinishedRunsAsync());
        Assert.Equal(0, await a.CompleteFinishedRunsAsync());

        var done = Assert.Single((await journal.ReadAsync("r1")).Select(e => e.Event).OfType<RunCompleted>());
        Assert.Equal((2, 0), (done.Succeeded, done.Failed));
    }

    [Fact]
    public async Task AWorkerNeverHoldsMoreLeasesThanItsCapacity()
    {
        await ClusterSpecs.SubmitAsync(journal, "r1", 10);
        var gate = new GatedExecutor();
        var a = Worker("a", gate, capacity: 3);

        Assert.Equal(3, await a.ClaimOnceAsync());
        Assert.Equal(0, await a.ClaimOnceAsync());
        Assert.Equal(3, (await journal.ListItemsAsync("r1")).Count(i => i.OwnerNode == "a"));
        gate.Open();
    }

    [Fact]
    public async Task APartitionedWorkerThatComesBackJournalsNothingForTheItemItLost()
    {
        await ClusterSpecs.SubmitAsync(journal, "r1", 1);
        var stale = new GatedExecutor();
        var a = Worker("a", stale);
        var b = Worker("b", Builtin("b"));

        Assert.Equal(1, await a.ClaimOnceAsync()); // a runs it but never renews: it is cut off
        await ClusterSpecs.WaitUntilAsync(() => Task.FromResult(stale.Started == 1), Limit, "a to start the item");
        clock.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal(1, await b.ClaimOnceAsync());
        await ClusterSpecs.WaitUntilAsync(() => Task.FromResult(b.CompletedCount == 1), Limit, "b to complete the stolen item");

        stale.Open(); // a comes back and tries to finish
        await ClusterSpecs.WaitUntilAsync(() => Task.FromResult(a.LeasesLostCount == 1), Limit, "a to notice it lost the item");

        Assert.Equal(0, a.CompletedCount);
        var events = (await journal.ReadAsync("r1")).Select(e => e.Event).ToList();
        Assert.Single(events.OfType<ItemCompleted>());
        Assert.Single(events.OfType<StepCompleted>()); // b's; a's late StepCompleted was refused
        Assert.Equal(2, events.OfType<StepStarted>().Count()); // a's (while it owned the item) and b's
        Assert.Single(events.OfType<RunCompleted>());
    }

    [Fact]
    public async Task RenewalNoticesAStolenLeaseAndCancelsTheItem()
    {
        await ClusterSpecs.SubmitAsync(journal, "r1", 1);
        var a = Worker("a", Builtin("a"));
        await ClusterSpecs.SubmitAsync(journal, "r2", 0);
        Assert.Equal(RunState.Completed, (await journal.ListRunsAsync()).Single(r => r.RunId == "r2").State);

        // a's item sleeps a minute; the lease is stolen under it, and renewal cancels it.
        await journal.AppendAsync("r3", [new RunAccepted("r3", clock.GetUtcNow(), ClusterSpecs.Spec("r3", 1, "builtin:sleep", "60000") with { RunId = "r3" }),
            new ItemScheduled("r3", "item-0", clock.GetUtcNow(), "slow")]);
        Assert.Single(await journal.ClaimItemsAsync("x", 1, TimeSpan.FromSeconds(30))); // r1's item, parked with x
        Assert.Equal(1, await a.ClaimOnceAsync());
        Assert.Equal(1, a.RunningCount);
        await ClusterSpecs.WaitUntilAsync(async () => (await journal.ReadAsync("r3")).Any(e => e.Event is StepStarted), Limit, "a to start the item");
        clock.Advance(TimeSpan.FromSeconds(31));
        var stolen = await journal.ClaimItemsAsync("b", 2, TimeSpan.FromSeconds(30));
        Assert.Contains(stolen, i => i.RunId == "r3");

        await a.RenewOnceAsync();
        await ClusterSpecs.WaitUntilAsync(() => Task.FromResult(a.RunningCount == 0), Limit, "a to abandon the item");
        Assert.Equal(1, a.LeasesLostCount);
        Assert.Empty((await journal.ReadAsync("r3")).Select(e => e.Event).OfType<ItemCompleted>());
    }

    [Fact]
    public async Task DrainingHandsUnfinishedItemsBackAndClaimsNothingMore()
    {
        await ClusterSpecs.SubmitAsync(journal, "r1", 5);
        var gate = new GatedExecutor();
        var a = Worker("a", gate, capacity: 2);
        Assert.Equal(2, await a.ClaimOnceAsync());

        var handedBack = await a.DrainAsync(TimeSpan.FromMilliseconds(100));
        gate.Open();

        Assert.Equal(2, handedBack);
        Assert.Equal(0, await a.ClaimOnceAsync());
        Assert.All(await journal.ListItemsAsync("r1"), i => Assert.Equal(WorkItemState.Pending, i.State));
    }

    [Fact]
    public async Task MembershipRegistersHeartbeatsAndLeaves()
    {
        var membership = new Membership(journal, new MembershipOptions
        {
            NodeId = "a", Address = "http://127.0.0.1:9", Capacity = 2, HeartbeatInterval = TimeSpan.FromHours(1), DeadAfter = TimeSpan.FromHours(2),
        });
        owned.Add(membership);
        await membership.StartAsync();
        var before = Assert.Single(await journal.ListNodesAsync());
        clock.Advance(TimeSpan.FromSeconds(3));
        await membership.TickAsync();
        var after = Assert.Single(await journal.ListNodesAsync());
        Assert.Equal(before.LastHeartbeat + TimeSpan.FromSeconds(3), after.LastHeartbeat);

        await membership.DrainAsync();
        Assert.Equal(NodeState.Draining, Assert.Single(await journal.ListNodesAsync()).State);
        await membership.LeaveAsync();
        Assert.Equal(NodeState.Left, Assert.Single(await journal.ListNodesAsync()).State);
        Assert.False(await journal.HeartbeatAsync("a"));
    }

    [Fact]
    public async Task APeerDeclaresASilentNodeDeadAndTheNodeRejoins()
    {
        // The timers are slow so only the test's explicit ticks heartbeat.
        var options = new MembershipOptions { NodeId = "a", HeartbeatInterval = TimeSpan.FromHours(1), DeadAfter = TimeSpan.FromHours(2) };
        var a = new Membership(journal, options);
        var b = new Membership(journal, options with { NodeId = "b" });
        owned.Add(a);
        owned.Add(b);
        await a.StartAsync();
        await b.StartAsync();
        await ClusterSpecs.SubmitAsync(journal, "r1", 1);
        Assert.Single(await journal.ClaimItemsAsync("a", 1, TimeSpan.FromMinutes(5)));

        clock.Advance(TimeSpan.FromHours(2) + TimeSpan.FromSeconds(1));
        await b.TickAsync();

        Assert.Equal(["a"], b.DeclaredDead);
        Assert.Equal(WorkItemState.Pending, Assert.Single(await journal.ListItemsAsync("r1")).State);
        await a.TickAsync();
        Assert.Equal(1, a.Rejoins);
        Assert.All(await journal.ListNodesAsync(), n => Assert.Equal(NodeState.Alive, n.State));
    }
}
