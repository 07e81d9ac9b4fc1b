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
    private const string Config = OneNodeRunCluster.Config + "\n" + """
        akka.persistence.journal.plugin = "akka.persistence.journal.inmem"
        """;

    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private readonly GateExecutor _executor = new();
    private readonly IActorRef _region;

    /// <summary>Starts a one-node cluster, the broker with two runners and the run shard region.</summary>
    public ClusterDispatchTests() : base(Config)
    {
        var services = new RunServices(new StepExecutorRegistry().Add(_executor)) { ClusterDispatch = true };
        _region = OneNodeRunCluster.StartRegion(Sys, services, OneNodeRunCluster.Start(Sys, services, Wait));
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
