using Akka.Actor;
using Akka.Persistence;
using Akka.TestKit.Xunit2;
using PluginHost.Actors.Runners;
using PluginHost.Actors.Runs;
using PluginHost.Plugins.Icp;
using PluginHost.Shared.Runs;

namespace PluginHost.Actors.Tests.Runs;

/// <summary>Exactly-once canister calls through the run entity: each answered call is journaled before its reply reaches
/// the step, and a retry of the step after its entity stopped gets the journaled replies instead of sending again.</summary>
public sealed class CanisterCallReplayTests : TestKit
{
    private const string Config = """
        akka.persistence.journal.plugin = "akka.persistence.journal.inmem"
        akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.inmem"
        akka.loglevel = WARNING
        """;

    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);
    private static readonly RunSpec Spec = new("r1", "test", [new WorkItemSpec("a", "a", [CallingExecutor.Step()])]);

    /// <summary>A test system with the in-memory journal.</summary>
    public CanisterCallReplayTests() : base(Config) { }

    private IActorRef StartRunners(RunServices services)
    {
        var broker = Sys.ActorOf(RunnerBroker.Props(), RunnerBroker.ActorName);
        for (var i = 0; i < 2; i++) Sys.ActorOf(RunnerActor.PropsFor(services, broker), $"runner-{i}");
        return broker;
    }

    // Submits the run, waits until its first attempt made two calls, stops the entity there and starts it again.
    private List<RunEvent> RunWithEntityStoppedAfterTwoCalls(CallingExecutor executor)
    {
        var services = new RunServices(new StepExecutorRegistry().Add(executor));
        var broker = StartRunners(services);
        var first = Sys.ActorOf(RunEntity.PropsFor("r1", services, broker));
        first.Tell(new SubmitRun(Spec), TestActor);
        ExpectMsg<RunSubmitted>(Wait);
        AwaitCondition(() => executor.Parked == 1, Wait);
        Watch(first);
        Sys.Stop(first);
        ExpectTerminated(first, Wait);
        executor.Release();

        var events = CreateTestProbe();
        Sys.EventStream.Subscribe(events.Ref, typeof(RunEventJournaled));
        Sys.ActorOf(RunEntity.PropsFor("r1", services, broker));
        var journaled = new List<RunEvent>();
        events.FishForMessage(m =>
        {
            journaled.Add(((RunEventJournaled)m).Event);
            return m is RunEventJournaled { Event: RunCompleted };
        }, Wait);
        return journaled;
    }

    // Whether the journal holds the record of call `index` of run r1 now (a replay straight from the journal).
    private bool JournalHoldsCall(int attempt, int index)
    {
        var replay = CreateTestProbe();
        Persistence.Instance.Apply(Sys).JournalFor(null)
            .Tell(new ReplayMessages(1, long.MaxValue, long.MaxValue, RunServices.PersistenceIdOf("r1"), replay.Ref));
        var calls = new List<JournaledCall>();
        replay.FishForMessage(m =>
        {
            if (m is ReplayedMessage { Persistent.Payload: StepOutput { Stream: JournaledCall.Stream } output })
                calls.Add(JournaledCall.Parse(output.Data.Text!));
            return m is RecoverySuccess or ReplayMessagesFailure;
        }, Wait);
        // Attempt 1 journaled calls 0 and 1; attempt 2 journals only the calls it sends (call 2).
        return calls.Any(c => c.Index == index && c.Method == $"m{index}");
    }

    [Fact]
    public void A_retried_step_gets_the_journaled_replies_and_sends_only_the_calls_not_answered_before()
    {
        var executor = new CallingExecutor { JournaledBeforeReply = JournalHoldsCall };
        var journaled = RunWithEntityStoppedAfterTwoCalls(executor);

        var completed = Assert.Single(journaled.OfType<StepCompleted>());
        Assert.Equal("m0-reply-1,m1-reply-2,m2-reply-3 (2 replayed, 1 sent)", completed.Result.Text);
        Assert.Equal(["m0(arg0)", "m1(arg1)", "m2(arg2)"], executor.Network.Sent);
        Assert.Empty(executor.NotJournaledBeforeReply);
        var done = Assert.Single(journaled.OfType<RunCompleted>());
        Assert.Equal((1, 0), (done.Succeeded, done.Failed));
    }

    [Fact]
    public void A_retry_that_makes_a_different_call_fails_the_step_naming_both_calls_and_sends_nothing()
    {
        var executor = new CallingExecutor { ArgOf = (attempt, index) => attempt > 1 && index == 1 ? "changed" : $"arg{index}" };
        var journaled = RunWithEntityStoppedAfterTwoCalls(executor);

        var failed = Assert.Single(journaled.OfType<StepFailed>());
        var record = JournaledCall.Of(1, new CanisterCall("aaaaa-aa", "m1", "arg1"u8.ToArray(), false, 0), CanisterReply.Ok([]));
        var retried = JournaledCall.Of(1, new CanisterCall("aaaaa-aa", "m1", "changed"u8.ToArray(), false, 0), CanisterReply.Ok([]));
        Assert.Contains(record.ToString(), failed.Error);
        Assert.Contains(retried.ToString(), failed.Error);
        Assert.Equal(["m0(arg0)", "m1(arg1)"], executor.Network.Sent); // the differing call was not sent
        var item = Assert.Single(journaled.OfType<ItemCompleted>());
        Assert.Equal(ItemOutcome.Failed, item.Outcome);
        var run = Assert.Single(journaled.OfType<RunCompleted>());
        Assert.Equal((0, 1), (run.Succeeded, run.Failed));
    }
}
