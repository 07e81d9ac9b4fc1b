using Akka.Actor;
using Akka.TestKit.Xunit2;
using PluginHost.Actors.Runners;
using PluginHost.Actors.Runs;
using PluginHost.Actors.Tests.Runners;
using PluginHost.Shared.Runs;

namespace PluginHost.Actors.Tests.Runs;

/// <summary>The runner broker and runner actors without a run entity (the test actor plays the entity): idle runners
/// pull, capacity is the runner count, a failing step fails only itself, steps run on the runner's own thread.</summary>
public sealed class RunnerActorTests : TestKit
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);
    private readonly HoldExecutor _hold = new();
    private readonly ThreadProbeExecutor _threads = new();
    private readonly RunServices _services;
    private readonly IActorRef _broker;

    /// <summary>Starts a broker; each test starts its runners.</summary>
    public RunnerActorTests() : base("akka.loglevel = WARNING")
    {
        _services = new RunServices(new StepExecutorRegistry().Add(_hold).Add(_threads).Add(new WasiStepExecutor(new ModuleCache())));
        _broker = Sys.ActorOf(RunnerBroker.Props("test-node"), RunnerBroker.ActorName);
    }

    private void StartRunners(int count)
    {
        for (var i = 0; i < count; i++) Sys.ActorOf(RunnerActor.PropsFor(_services, _broker), $"runner-{i}");
        AwaitAssert(() => Assert.Equal(count, Load().Idle), Wait);
    }

    private RunnerLoad Load()
    {
        var asker = CreateTestProbe(); // not the test actor: that one gets the runners' answers
        _broker.Tell(new GetRunnerLoad(), asker.Ref);
        return asker.ExpectMsg<RunnerLoad>(Wait);
    }

    private object Next() => ReceiveOne(Wait) ?? throw new TimeoutException($"no message from the runners within {Wait.TotalSeconds} s");

    private static StepWork Work(string itemId, StepSpec step, long token = 1) => new("r", itemId, 0, step, [], 1, []) { Token = token };

    private List<StepFinished> ExpectFinished(int count)
    {
        var finished = new List<StepFinished>();
        while (finished.Count < count)
            if (Next() is StepFinished f) finished.Add(f);
        return finished;
    }

    [Fact]
    public void A_busy_runner_is_not_sent_a_second_step_the_broker_keeps_it_until_the_runner_pulls()
    {
        var runner = CreateTestProbe();
        _broker.Tell(new RunnerIdle(), runner.Ref);
        _broker.Tell(Work("a", HoldExecutor.Step()), TestActor);
        _broker.Tell(Work("b", HoldExecutor.Step()), TestActor);
        var load = Load(); // answered after the broker handled both steps
        Assert.Equal((1, 0, 1), (load.Busy, load.Idle, load.Queued));
        Assert.Equal("a", runner.ExpectMsg<StepWork>().ItemId);
        Assert.Equal(TestActor, runner.LastSender); // the runner answers the entity directly
        Assert.False(runner.HasMessages, "the broker sent a second step to a busy runner");

        _broker.Tell(new RunnerIdle(), runner.Ref);
        Assert.Equal("b", runner.ExpectMsg<StepWork>().ItemId);
        load = Load();
        Assert.Equal((1, 0, 0), (load.Busy, load.Idle, load.Queued));
    }

    [Fact]
    public void With_three_runners_at_most_three_steps_run_at_once_and_the_rest_wait_in_the_broker()
    {
        StartRunners(3);
        for (var i = 0; i < 8; i++) _broker.Tell(Work($"i{i}", HoldExecutor.Step(), i + 1), TestActor);
        AwaitCondition(() => _hold.Running == 3, Wait);
        var load = Load();
        Assert.Equal((3, 0, 5), (load.Busy, load.Idle, load.Queued));

        _hold.Release(8);
        var finished = ExpectFinished(8);
        Assert.All(finished, f => Assert.True(f.Succeeded, f.Error));
        Assert.Equal(Enumerable.Range(0, 8).Select(i => $"i{i}").Order(), finished.Select(f => f.ItemId).Order());
        Assert.Equal(3, _hold.MaxRunning);
        Assert.Equal(1, _hold.MaxOnOneThread);
        AwaitAssert(() => Assert.Equal((0, 3, 0), Load() is var l ? (l.Busy, l.Idle, l.Queued) : default), Wait);
    }

    [Fact]
    public void A_runner_whose_step_throws_or_traps_goes_on_serving_the_next_steps()
    {
        StartRunners(1);
        _broker.Tell(Work("throw", HoldExecutor.Step("throw"), 1), TestActor);
        _broker.Tell(Work("trap", Fixtures.WasiStep("trap", ["trap"]), 2), TestActor);
        _broker.Tell(Work("fail", HoldExecutor.Step("fail"), 3), TestActor);
        _broker.Tell(Work("echo", Fixtures.WasiStep("echo", ["echo", "still here"]), 4), TestActor);
        var finished = ExpectFinished(4).ToDictionary(f => f.ItemId);

        Assert.False(finished["throw"].Succeeded);
        Assert.Equal("step 'throw' (hold) failed: InvalidOperationException: thrown on purpose", finished["throw"].Error);
        Assert.False(finished["trap"].Succeeded);
        Assert.Equal("plugin 'steps.wasm' trapped: wasm `unreachable` instruction executed", finished["trap"].Error);
        Assert.False(finished["fail"].Succeeded);
        Assert.Equal("failed on purpose", finished["fail"].Error);
        Assert.True(finished["echo"].Succeeded, finished["echo"].Error);
        Assert.All(finished.Values, f => Assert.False(f.Cancelled));
        AwaitAssert(() => Assert.Equal((0, 1), Load() is var l ? (l.Busy, l.Idle) : default), Wait);
    }

    [Fact]
    public void A_step_runs_and_resumes_after_its_awaits_on_its_runners_own_big_stack_thread()
    {
        StartRunners(2);
        _broker.Tell(Work("a", ThreadProbeExecutor.Step(), 1), TestActor);
        _broker.Tell(Work("b", ThreadProbeExecutor.Step(), 2), TestActor);
        var finished = new List<StepFinished>();
        while (finished.Count < 2)
            switch (Next())
            {
                case PersistOutput checkpoint: // answered as the entity does once the output is durable
                    LastSender.Tell(new OutputPersisted(checkpoint.RunId, checkpoint.ItemId, checkpoint.StepIndex));
                    break;
                case StepFinished f:
                    finished.Add(f);
                    break;
            }
        Assert.All(finished, f => Assert.True(f.Succeeded, f.Error));

        var names = new HashSet<string?>();
        foreach (var item in new[] { "a", "b" })
        {
            var seen = _threads.Steps[item];
            Assert.StartsWith("runner runner-", seen.StartThread);
            Assert.Equal(seen.StartThread, seen.AfterCheckpoint);
            Assert.Equal(seen.StartThread, seen.AfterYield);
            Assert.True(seen.OnRunnerContext);
            Assert.True(seen.UsableStackBytes >= 16 << 20, $"step {item} had {seen.UsableStackBytes >> 20} MiB of stack, less than 16 MiB");
            names.Add(seen.StartThread);
        }
        Assert.Equal(2, names.Count); // each runner its own thread
    }
}
