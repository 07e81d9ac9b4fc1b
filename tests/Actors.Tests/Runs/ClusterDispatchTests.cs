using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.TestKit.Xunit2;
using PluginHost.Actors.Hosting;
using PluginHost.Actors.Runners;
using PluginHost.Actors.Runs;
using PluginHost.Shared.Runs;

namespace PluginHost.Actors.Tests.Runs;

/// <summary>Run entities in cluster-dispatch mode (as on `pluginhost node`): they find brokers from cluster membership.</summary>
public sealed class ClusterDispatchTests : TestKit
{
    private const string Config = """
        akka.loglevel = WARNING
        akka.actor.provider = cluster
        akka.remote.dot-netty.tcp { hostname = 127.0.0.1, port = 0 }
        akka.cluster.sharding { remember-entities = on, remember-entities-store = eventsourced, state-store-mode = persistence }
        akka.persistence.journal.plugin = "akka.persistence.journal.inmem"
        akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.inmem"
        """;

    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private readonly GateExecutor _executor = new();
    private readonly IActorRef _region;

    /// <summary>Starts a one-node cluster, the broker with two runners and the run shard region.</summary>
    public ClusterDispatchTests() : base(Config)
    {
        var services = new RunServices(new StepExecutorRegistry().Add(_executor)) { ClusterDispatch = true };
        var broker = Sys.ActorOf(RunnerBroker.Props(), RunnerBroker.ActorName);
        for (var i = 0; i < 2; i++) Sys.ActorOf(RunnerActor.PropsFor(services, broker), $"runner-{i}");
        var cluster = Akka.Cluster.Cluster.Get(Sys);
        cluster.Join(cluster.SelfAddress);
        AwaitCondition(() => cluster.SelfMember.Status == Akka.Cluster.MemberStatus.Up, Wait);
        _region = ClusterSharding.Get(Sys).Start("run", runId => RunEntity.PropsFor(runId, services, broker),
            ClusterShardingSettings.Create(Sys), new RunMessageExtractor());
    }

    [Fact]
    public void Asking_about_a_run_before_it_is_submitted_journals_nothing_and_the_run_then_runs_its_items()
    {
        var events = CreateTestProbe();
        Sys.EventStream.Subscribe(events.Ref, typeof(RunEventJournaled));

        // An entity started by a status query learns the members (and their brokers) before any run exists.
        _region.Tell(new GetRunStatus("early"), TestActor);
        Assert.False(ExpectMsg<RunStatus>(Wait).Exists);

        var spec = new RunSpec("early", "test", [new WorkItemSpec("a", "a", [GateExecutor.Step("one")]), new WorkItemSpec("b", "b", [GateExecutor.Step("one")])]);
        AwaitAssert(() =>
        {
            _region.Tell(new SubmitRun(spec), TestActor);
            Assert.IsType<RunSubmitted>(ExpectMsg<object>(Wait));
        }, Wait);

        var journaled = new List<RunEvent>();
        events.FishForMessage(m =>
        {
            journaled.Add(((RunEventJournaled)m).Event);
            return m is RunEventJournaled { Event: RunCompleted };
        }, Wait);
        Assert.IsType<RunAccepted>(journaled[0]);
        var done = Assert.Single(journaled.OfType<RunCompleted>());
        Assert.Equal((2, 0), (done.Succeeded, done.Failed));
    }
}
