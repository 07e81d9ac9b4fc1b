using Akka.Actor;
using Akka.TestKit.Xunit2;
using PluginHost.Actors.Runners;
using PluginHost.Actors.Runs;
using PluginHost.Shared.Runs;

namespace PluginHost.Actors.Tests.Runs;

/// <summary>The run entity with real runner actors and the in-memory journal: scheduling, failures, recovery.</summary>
public sealed class RunEntityTests : TestKit
{
    private const string Config = """
        akka.persistence.journal.plugin = "akka.persistence.journal.inmem"
        akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.inmem"
        akka.loglevel = WARNING
        """;

    private readonly GateExecutor _executor = new();
    private readonly RunServices _services;
    private readonly IActorRef _broker;

    /// <summary>Starts a broker and two runners.</summary>
    public RunEntityTests() : base(Config)
    {
        _services = new RunServices(new StepExecutorRegistry().Add(_executor));
        _broker = Sys.ActorOf(RunnerBroker.Props(), "broker");
        for (var i = 0; i < 2; i++) Sys.ActorOf(RunnerActor.PropsFor(_services, _broker), $"runner-{i}");
    }

    [Fact]
    public void A_run_completes_items_in_parallel_and_a_failing_or_throwing_step_fails_only_its_item()
    {
        var completed = CreateTestProbe();
        Sys.EventStream.Subscribe(completed.Ref, typeof(RunEventJournaled));
        var spec = new RunSpec("r1", "test", [
            new WorkItemSpec("a", "a", [GateExecutor.Step("one"), GateExecutor.Step("two")]),
            new WorkItemSpec("b", "b", [GateExecutor.Step("fail"), GateExecutor.Step("never")]),
            new WorkItemSpec("c", "c", [GateExecutor.Step("throw")]),
            new WorkItemSpec("d", "d", [GateExecutor.Step("one")]),
        ]);
        var entity = Sys.ActorOf(RunEntity.PropsFor("r1", _services, _broker));
        entity.Tell(new SubmitRun(spec), TestActor);
        ExpectMsg<RunSubmitted>(s => Assert.Equal(4, s.ItemCount));
        var done = (RunCompleted)completed.FishForMessage<RunEventJournaled>(e => e.Event is RunCompleted, TimeSpan.FromSeconds(10)).Event;
        Assert.Equal((2, 2), (done.Succeeded, done.Failed));
        Assert.False(_executor.Runs.ContainsKey("b/1"));
        Assert.Equal(1, _executor.Runs["a/1"]);
        entity.Tell(new GetRunStatus("r1"), TestActor);
        var status = ExpectMsg<RunStatus>();
        Assert.True(status.Completed);
        Assert.Equal(4, status.Done);
    }

    [Fact]
    public void Submitting_an_existing_run_id_says_the_run_exists_and_how_to_resume()
    {
        var spec = new RunSpec("r2", "test", [new WorkItemSpec("a", "a", [GateExecutor.Step("block")])]);
        var entity = Sys.ActorOf(RunEntity.PropsFor("r2", _services, _broker));
        entity.Tell(new SubmitRun(spec), TestActor);
        ExpectMsg<RunSubmitted>();
        entity.Tell(new SubmitRun(spec), TestActor);
        var rejected = ExpectMsg<RunRejected>();
        Assert.Contains("already exists", rejected.Reason);
        Assert.Contains("pluginhost resume r2", rejected.Reason);
        _executor.Gate.Set();
    }

    [Fact]
    public void An_invalid_spec_is_rejected_naming_the_problem_and_nothing_is_journaled()
    {
        var spec = new RunSpec("r3", "test", [new WorkItemSpec("a", "a", [new StepSpec("s", "p", Payload.Empty, StepLimits.Default, "teleport")])]);
        var entity = Sys.ActorOf(RunEntity.PropsFor("r3", _services, _broker));
        entity.Tell(new SubmitRun(spec), TestActor);
        Assert.Contains("unknown kind 'teleport'", ExpectMsg<RunRejected>().Reason);
        entity.Tell(new GetRunStatus("r3"), TestActor);
        Assert.False(ExpectMsg<RunStatus>().Exists);
    }

    [Fact]
    public void A_run_stopped_mid_step_resumes_on_recovery_without_rerunning_completed_steps_and_retries_see_checkpoints()
    {
        var spec = new RunSpec("r4", "test", [
            new WorkItemSpec("a", "a", [GateExecutor.Step("one"), GateExecutor.Step("block")]),
            new WorkItemSpec("b", "b", [GateExecutor.Step("one"), GateExecutor.Step("block")]),
        ]);
        var first = Sys.ActorOf(RunEntity.PropsFor("r4", _services, _broker));
        first.Tell(new SubmitRun(spec), TestActor);
        ExpectMsg<RunSubmitted>();
        AwaitCondition(() => _executor.Blocked == 2, TimeSpan.FromSeconds(10));
        Watch(first);
        Sys.Stop(first);
        ExpectTerminated(first);
        _executor.Gate.Set(); // the old steps finish, but their entity is gone: nothing is journaled for them
        AwaitCondition(() => _executor.Blocked == 0, TimeSpan.FromSeconds(10));

        var completed = CreateTestProbe();
        Sys.EventStream.Subscribe(completed.Ref, typeof(RunEventJournaled));
        Sys.ActorOf(RunEntity.PropsFor("r4", _services, _broker));
        var done = (RunCompleted)completed.FishForMessage<RunEventJournaled>(e => e.Event is RunCompleted, TimeSpan.FromSeconds(10)).Event;
        Assert.Equal((2, 0), (done.Succeeded, done.Failed));
        Assert.Equal(1, _executor.Runs["a/0"]);
        Assert.Equal(1, _executor.Runs["b/0"]);
        Assert.Equal(2, _executor.Runs["a/1"]);
        Assert.Equal(2, _executor.Attempts["a/1"]);
        Assert.Equal(1, _executor.EarlierOutputs["a/1"]);
    }

    [Fact]
    public void Resume_of_an_unknown_run_says_it_is_not_in_the_journal()
    {
        var entity = Sys.ActorOf(RunEntity.PropsFor("nope", _services, _broker));
        entity.Tell(new ResumeRun("nope"), TestActor);
        Assert.Contains("not in the journal", ExpectMsg<RunRejected>().Reason);
    }
}
