using PluginHost.Actors.Journal;
using PluginHost.Actors.Tests.Journal;
using PluginHost.Shared.Runs;

namespace PluginHost.Actors.Tests.Cluster;

/// Membership and leases on PostgreSQL, judged by the server's clock while one node's own clock is off by a minute.
[Collection(PostgresCollection.Name)]
public sealed class StoreClockMembershipTests(PostgresServerFixture server) : IAsyncLifetime
{
    private static readonly TimeSpan Skew = TimeSpan.FromMinutes(1);
    private readonly List<IJournal> opened = [];
    private string store = "";

    public async Task InitializeAsync() => store = await server.CreateSchemaAsync();

    public async Task DisposeAsync()
    {
        foreach (var journal in opened) await journal.DisposeAsync();
    }

    private async Task<IJournal> OpenAsync(TimeSpan skew, LeaseClock clock = LeaseClock.Store)
    {
        var journal = await PostgresJournal.OpenAsync(store, new SkewedClock(skew), clock);
        opened.Add(journal);
        return journal;
    }

    [Fact]
    public async Task NodesRegisterAndHeartbeatOnTheServersClock()
    {
        var behind = await OpenAsync(-Skew);
        var ahead = await OpenAsync(Skew);
        await behind.RegisterNodeAsync("n1", "http://127.0.0.1:1", 3);
        await ahead.RegisterNodeAsync("n2", "http://127.0.0.1:2", 5);
        Assert.True(await behind.HeartbeatAsync("n1"));

        var nodes = await ahead.ListNodesAsync();

        Assert.Equal(["n1", "n2"], nodes.Select(n => n.NodeId));
        Assert.All(nodes, n => Assert.Equal(NodeState.Alive, n.State));
        Assert.Equal([3, 5], nodes.Select(n => n.Capacity));
        Assert.Equal("http://127.0.0.1:1", nodes[0].Address);
        // Both heartbeats carry the server's time: a minute apart they would be if the nodes' clocks were used.
        Assert.True((nodes[1].LastHeartbeat - nodes[0].LastHeartbeat).Duration() < TimeSpan.FromSeconds(10),
            $"heartbeats {nodes[0].LastHeartbeat:O} and {nodes[1].LastHeartbeat:O} are not on one clock");
        Assert.All(nodes, n => Assert.True(n.HeartbeatAge < TimeSpan.FromSeconds(10), $"{n.NodeId} heartbeat age {n.HeartbeatAge}"));
    }

    [Fact]
    public async Task ANodeWhoseClockIsBehindIsNotDeclaredDeadWhileItHeartbeats()
    {
        var behind = await OpenAsync(-Skew);
        var judge = await OpenAsync(TimeSpan.Zero);
        await behind.RegisterNodeAsync("slow-clock", "", 1);
        await judge.RegisterNodeAsync("judge", "", 1);

        Assert.Empty(await judge.DeclareDeadNodesAsync(TimeSpan.FromSeconds(5)));
        Assert.All(await judge.ListNodesAsync(), n => Assert.Equal(NodeState.Alive, n.State));
    }

    [Fact]
    public async Task OnTheNodesOwnClockTheSameNodeWouldBeWronglyDeclaredDead()
    {
        // The contrast case that shows why the server's clock is used: a heartbeat stamped a minute in the past.
        var behind = await OpenAsync(-Skew, LeaseClock.Node);
        var judge = await OpenAsync(TimeSpan.Zero, LeaseClock.Node);
        await behind.RegisterNodeAsync("slow-clock", "", 1);

        Assert.Equal(["slow-clock"], await judge.DeclareDeadNodesAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task ASilentNodeIsDeclaredDeadItsItemsGoBackAndItMustRegisterAgain()
    {
        var victim = await OpenAsync(Skew);
        var judge = await OpenAsync(-Skew);
        await ClusterSpecs.SubmitAsync(judge, "r1", 3);
        await victim.RegisterNodeAsync("victim", "", 2);
        await judge.RegisterNodeAsync("judge", "", 2);
        Assert.Equal(2, (await victim.ClaimItemsAsync("victim", 2, TimeSpan.FromMinutes(10))).Count);

        await Task.Delay(TimeSpan.FromSeconds(1.5));
        Assert.True(await judge.HeartbeatAsync("judge"));
        var dead = await judge.DeclareDeadNodesAsync(TimeSpan.FromSeconds(1));

        Assert.Equal(["victim"], dead);
        var nodes = (await judge.ListNodesAsync()).ToDictionary(n => n.NodeId);
        Assert.Equal(NodeState.Dead, nodes["victim"].State);
        Assert.Equal(NodeState.Alive, nodes["judge"].State);
        Assert.All(await judge.ListItemsAsync("r1"), i => Assert.Equal(WorkItemState.Pending, i.State));
        Assert.False(await victim.HeartbeatAsync("victim"));
        await victim.RegisterNodeAsync("victim", "", 2);
        Assert.True(await victim.HeartbeatAsync("victim"));
    }

    [Fact]
    public async Task LeasesRunOutByTheServersClockWhateverTheNodesClockSays()
    {
        var ahead = await OpenAsync(Skew);   // on its own clock its lease would last a minute longer
        var behind = await OpenAsync(-Skew); // on its own clock it would see every lease as a minute from expiry
        await ClusterSpecs.SubmitAsync(ahead, "r1", 1);
        var claimed = Assert.Single(await ahead.ClaimItemsAsync("a", 1, TimeSpan.FromSeconds(1)));
        Assert.Empty(await behind.ClaimItemsAsync("b", 1, TimeSpan.FromSeconds(30)));

        await Task.Delay(TimeSpan.FromSeconds(1.3));
        var stolen = Assert.Single(await behind.ClaimItemsAsync("b", 1, TimeSpan.FromSeconds(30)));

        Assert.Equal(claimed.ItemId, stolen.ItemId);
        Assert.Equal(2, stolen.Attempts);
        Assert.False(await ahead.RenewLeaseAsync("a", "r1", "item-0", TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task APartitionedNodeThatComesBackCannotJournalStepsOrCompleteAStolenItem()
    {
        var a = await OpenAsync(Skew);
        var b = await OpenAsync(TimeSpan.Zero);
        await ClusterSpecs.SubmitAsync(a, "r1", 1);
        Assert.Single(await a.ClaimItemsAsync("a", 1, TimeSpan.FromSeconds(1)));
        Assert.NotNull(await a.AppendForItemAsync("a", "r1", "item-0", [new StepStarted("r1", "item-0", 0, DateTimeOffset.UtcNow, "exec")]));

        await Task.Delay(TimeSpan.FromSeconds(1.3)); // a is cut off; its lease runs out
        // Even before anyone steals it, an expired lease no longer lets a journal steps.
        Assert.Null(await a.AppendForItemAsync("a", "r1", "item-0", [new StepOutput("r1", "item-0", 0, DateTimeOffset.UtcNow, "stdout", Payload.OfText("late"))]));
        Assert.Single(await b.ClaimItemsAsync("b", 1, TimeSpan.FromSeconds(30)));
        Assert.NotNull(await b.AppendForItemAsync("b", "r1", "item-0", [new StepStarted("r1", "item-0", 0, DateTimeOffset.UtcNow, "exec")]));

        Assert.Null(await a.AppendForItemAsync("a", "r1", "item-0", [new StepCompleted("r1", "item-0", 0, DateTimeOffset.UtcNow, Payload.Empty)]));
        Assert.False(await a.CompleteItemAsync("a", new ItemCompleted("r1", "item-0", DateTimeOffset.UtcNow, ItemOutcome.Succeeded)));
        Assert.True(await b.CompleteItemAsync("b", new ItemCompleted("r1", "item-0", DateTimeOffset.UtcNow, ItemOutcome.Succeeded)));

        var events = (await b.ReadAsync("r1")).Select(e => e.Event).ToList();
        Assert.Equal(["RunAccepted", "ItemScheduled", "StepStarted", "StepStarted", "ItemCompleted"], events.Select(e => e.EventType));
        Assert.DoesNotContain(events, e => e is StepOutput or StepCompleted);
        Assert.Equal(WorkItemState.Succeeded, Assert.Single(await b.ListItemsAsync("r1")).State);
    }
}
