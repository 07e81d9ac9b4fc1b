using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Persistence;
using Akka.Persistence.TestKit;
using Akka.TestKit.Xunit2;
using PluginHost.Actors.Hosting;
using PluginHost.Actors.Runners;
using PluginHost.Actors.Runs;
using PluginHost.Shared.Runs;

namespace PluginHost.Actors.Tests.Runs;

/// <summary>Run entities hosted by Cluster Sharding with remember-entities (as on a node) on Akka.Persistence.TestKit's
/// TestJournal, whose interceptors fail or reject chosen writes.</summary>
public sealed class JournalWriteFailureTests : TestKit
{
    private const string Config = OneNodeRunCluster.Config + "\n" + """
        # A remembered entity that stopped without passivating (e.g. its journal write failed) starts again after this.
        akka.cluster.sharding.entity-restart-backoff = 300ms
        akka.persistence.journal {
          plugin = "akka.persistence.journal.test"
          test {
            class = "Akka.Persistence.TestKit.TestJournal, Akka.Persistence.TestKit"
            plugin-dispatcher = "akka.actor.default-dispatcher"
          }
        }
        """;

    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private readonly GateExecutor _executor = new();
    private readonly RunServices _services;
    private readonly IActorRef _broker;

    /// <summary>Starts a one-node cluster, a broker with two runners and the run shard region.</summary>
    public JournalWriteFailureTests() : base(Config)
    {
        _services = new RunServices(new StepExecutorRegistry().Add(_executor));
        _broker = OneNodeRunCluster.Start(Sys, _services, Wait);
    }

    private ITestJournal Journal => TestJournal.FromRef(Persistence.Instance.Apply(Sys).JournalFor(null));

    private IActorRef StartRegion() => OneNodeRunCluster.StartRegion(Sys, _services, _broker);

    [Fact]
    public async Task A_failed_write_of_a_step_completion_keeps_journaled_progress_and_the_run_restarts_and_completes()
    {
        // The journal fails the completion of item a's step 1, once; everything else is written.
        var failures = 1;
        bool Target(IPersistentRepresentation p) =>
            p.Payload is StepCompleted { ItemId: "a", StepIndex: 1 } && Interlocked.Decrement(ref failures) >= 0;
        await Journal.OnWrite.FailIf(Target);

        var events = CreateTestProbe();
        Sys.EventStream.Subscribe(events.Ref, typeof(RunEventJournaled));
        Sys.EventStream.Subscribe(events.Ref, typeof(RunStopped));
        var region = StartRegion();
        var spec = new RunSpec("r1", "test", [
            new WorkItemSpec("a", "a", [GateExecutor.Step("one"), GateExecutor.Step("two"), GateExecutor.Step("three")]),
        ]);
        region.Tell(new SubmitRun(spec), TestActor);
        ExpectMsg<RunSubmitted>(Wait);

        var journaled = new List<RunEvent>();
        RunStopped? stopped = null;
        events.FishForMessage(m =>
        {
            if (m is RunEventJournaled j) journaled.Add(j.Event);
            if (m is RunStopped s) stopped = s;
            return m is RunEventJournaled { Event: RunCompleted };
        }, Wait);

        Assert.NotNull(stopped);
        Assert.Equal("r1", stopped.RunId);
        Assert.Contains("the journal write of event", stopped.Reason);
        Assert.Equal(1, _executor.Runs["a/0"]); // journaled as completed before the failure: never run again
        Assert.Equal(2, _executor.Runs["a/1"]); // its completion was not journaled: it ran again
        Assert.Equal(1, _executor.Runs["a/2"]);
        Assert.Equal(2, _executor.Attempts["a/1"]);
        Assert.Equal([0, 1, 2], journaled.OfType<StepCompleted>().Select(c => c.StepIndex));
        var done = Assert.Single(journaled.OfType<RunCompleted>());
        Assert.Equal((1, 0), (done.Succeeded, done.Failed));

        region.Tell(new GetRunStatus("r1"), TestActor);
        var status = ExpectMsg<RunStatus>(Wait);
        Assert.True(status.Completed);
        Assert.Equal((1, 1), (status.Done, status.Succeeded));
    }

    [Fact]
    public async Task A_rejected_step_completion_fails_its_item_with_the_reason_and_the_run_goes_on()
    {
        // Rejected (not failed): the journal will reject that event again on every retry, so no restart can help.
        await Journal.OnWrite.RejectIf(p => p.Payload is StepCompleted { ItemId: "a", StepIndex: 1 });
        var events = CreateTestProbe();
        Sys.EventStream.Subscribe(events.Ref, typeof(RunEventJournaled));
        Sys.EventStream.Subscribe(events.Ref, typeof(RunStopped));
        var region = StartRegion();
        var spec = new RunSpec("r3", "test", [
            new WorkItemSpec("a", "a", [GateExecutor.Step("one"), GateExecutor.Step("two"), GateExecutor.Step("three")]),
            new WorkItemSpec("b", "b", [GateExecutor.Step("one")]),
        ]);
        region.Tell(new SubmitRun(spec), TestActor);
        ExpectMsg<RunSubmitted>(Wait);

        var journaled = new List<object>();
        events.FishForMessage(m =>
        {
            journaled.Add(m is RunEventJournaled j ? j.Event : m);
            return m is RunEventJournaled { Event: RunCompleted };
        }, Wait);

        Assert.DoesNotContain(journaled, m => m is RunStopped);
        var failed = Assert.Single(journaled.OfType<ItemCompleted>(), c => c.ItemId == "a");
        Assert.Equal(ItemOutcome.Failed, failed.Outcome);
        Assert.Contains("step 1 (two) failed: the journal rejected event", failed.Error);
        Assert.Equal(1, _executor.Runs["a/1"]); // not run again
        Assert.False(_executor.Runs.ContainsKey("a/2"));
        var done = Assert.Single(journaled.OfType<RunCompleted>());
        Assert.Equal((1, 1), (done.Succeeded, done.Failed));
    }

    [Fact]
    public async Task While_the_journal_keeps_failing_nothing_journaled_is_lost_and_the_run_completes_once_it_recovers()
    {
        var region = StartRegion();
        var spec = new RunSpec("r2", "test", [new WorkItemSpec("a", "a", [GateExecutor.Step("one"), GateExecutor.Step("two")])]);
        await Journal.OnWrite.FailIf(p => p.Payload is StepCompleted { StepIndex: 1 });
        var events = CreateTestProbe();
        Sys.EventStream.Subscribe(events.Ref, typeof(RunStopped));
        Sys.EventStream.Subscribe(events.Ref, typeof(RunEventJournaled));
        region.Tell(new SubmitRun(spec), TestActor);
        ExpectMsg<RunSubmitted>(Wait);
        // Each restart replays the journal, runs step 1 again and fails to journal it again.
        for (var i = 0; i < 2; i++) events.FishForMessage(m => m is RunStopped, Wait);
        Assert.True(_executor.Runs["a/1"] >= 2);

        await Journal.OnWrite.Pass();
        events.FishForMessage(m => m is RunEventJournaled { Event: RunCompleted }, Wait);
        Assert.Equal(1, _executor.Runs["a/0"]);
        region.Tell(new GetRunStatus("r2"), TestActor);
        var status = ExpectMsg<RunStatus>(Wait);
        Assert.True(status.Completed);
        Assert.Equal((1, 1), (status.Done, status.Succeeded));
    }
}
