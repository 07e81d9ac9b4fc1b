using PluginHost.Actors.Cluster;
using PluginHost.Actors.Journal;
using PluginHost.Actors.Kernel;
using PluginHost.Actors.Runners;
using PluginHost.Actors.Tests.Runners;
using PluginHost.Shared.Runs;

namespace PluginHost.Actors.Tests.Cluster;

/// The cluster's item executor over a real runner pool, real wasi steps (steps.wasm) and a real SQLite journal.
public sealed class RunnerItemExecutorTests : IAsyncLifetime
{
    private readonly DirectoryInfo dir = Directory.CreateTempSubdirectory("pluginhost-items-");
    private readonly ActorSystem system = new("items");
    private RunnerPool runners = null!;
    private IJournal journal = null!;
    private RunnerItemExecutor executor = null!;

    public async Task InitializeAsync()
    {
        journal = await SqliteJournal.OpenInDirectoryAsync(dir.FullName);
        runners = new RunnerPool(system, 2);
        var modules = new ModuleCache();
        executor = new RunnerItemExecutor(runners, new StepExecutorRegistry().Add(new WasiStepExecutor(modules)).Add(new BuiltinStepExecutor("me")));
    }

    public async Task DisposeAsync()
    {
        await runners.DisposeAsync();
        await system.DisposeAsync();
        await journal.DisposeAsync();
        dir.Delete(recursive: true);
    }

    private static RunSpec Spec(params StepSpec[] steps) => new("r", "test", [new WorkItemSpec("i", "item", steps)]);

    private async Task<(ItemOutcome Outcome, List<RunEvent> Events)> ClaimAndRunAsync(RunSpec spec, string node = "me")
    {
        Assert.Single(await journal.ClaimItemsAsync(node, 1, TimeSpan.FromMinutes(5)));
        var outcome = await executor.ExecuteAsync(spec, spec.Items[0], new ItemEventSink(journal, node, "r", "i"), CancellationToken.None);
        return (outcome, (await journal.ReadItemAsync("r", "i")).Select(e => e.Event).ToList());
    }

    [Fact]
    public async Task WasiStepsRunOnTheRunnersAndTheirOutputIsJournaledWithTheirCompletion()
    {
        var spec = Spec(Fixtures.WasiStep("hello", ["echo", "hello", "cluster"]), Fixtures.WasiStep("bye", ["echo", "bye"]));
        await RunSubmission.SubmitAsync(journal, spec);

        var (outcome, events) = await ClaimAndRunAsync(spec);

        Assert.Equal(ItemOutcome.Succeeded, outcome);
        Assert.Equal(["ItemScheduled", "StepStarted", "StepOutput", "StepOutput", "StepCompleted", "StepStarted", "StepOutput", "StepCompleted"],
            events.Select(e => e.EventType));
        Assert.Equal(["hello", "cluster", "bye"], events.OfType<StepOutput>().Select(o => o.Data.Text));
        Assert.Equal("{\"exitCode\":0}", events.OfType<StepCompleted>().First().Result.Text);
    }

    [Fact]
    public async Task AReclaimedItemSkipsTheStepsItsJournalShowsCompleted()
    {
        var spec = Spec(Fixtures.WasiStep("first", ["echo", "one"]), Fixtures.WasiStep("second", ["echo", "two"]), Fixtures.WasiStep("third", ["echo", "three"]));
        await RunSubmission.SubmitAsync(journal, spec);
        // A node that died had finished step 0 and started step 1.
        Assert.Single(await journal.ClaimItemsAsync("dead", 1, TimeSpan.FromMinutes(5)));
        var now = DateTimeOffset.UtcNow;
        await journal.AppendForItemAsync("dead", "r", "i", [new StepStarted("r", "i", 0, now, "first"), new StepOutput("r", "i", 0, now, "stdout", Payload.OfText("one")),
            new StepCompleted("r", "i", 0, now, Payload.OfText("{\"exitCode\":0}")), new StepStarted("r", "i", 1, now, "second")]);
        Assert.Equal(1, await journal.ReleaseItemsAsync("dead"));

        var (outcome, events) = await ClaimAndRunAsync(spec);

        Assert.Equal(ItemOutcome.Succeeded, outcome);
        Assert.Equal(["one", "two", "three"], events.OfType<StepOutput>().Select(o => o.Data.Text)); // "one" only once
        Assert.Equal([0, 1, 1, 2], events.OfType<StepStarted>().Select(s => s.StepIndex));
        Assert.Equal([0, 1, 2], events.OfType<StepCompleted>().Select(s => s.StepIndex));
    }

    [Fact]
    public async Task AFailingStepEndsTheItemAndLaterStepsDoNotRun()
    {
        var spec = Spec(Fixtures.WasiStep("exit", ["exit", "3"]), Fixtures.WasiStep("never", ["echo", "never"]));
        await RunSubmission.SubmitAsync(journal, spec);

        var (outcome, events) = await ClaimAndRunAsync(spec);

        Assert.Equal(ItemOutcome.Failed, outcome);
        var failed = Assert.Single(events.OfType<StepFailed>());
        Assert.Contains("exited with code 3", failed.Error);
        Assert.Equal(["exiting 3"], events.OfType<StepOutput>().Select(o => o.Data.Text));
        Assert.DoesNotContain(events, e => e is StepStarted { StepIndex: 1 });
    }

    [Fact]
    public async Task AStepOfAnUnknownKindFailsNamingTheKnownKinds()
    {
        var spec = Spec(new StepSpec("x", "p", Payload.Empty, StepLimits.Default, "nope"));
        await RunSubmission.SubmitAsync(journal, spec);

        var (outcome, events) = await ClaimAndRunAsync(spec);

        Assert.Equal(ItemOutcome.Failed, outcome);
        Assert.Contains("kind 'nope', which this node cannot run (known: builtin, wasi)", Assert.Single(events.OfType<StepFailed>()).Error);
    }

    [Fact]
    public async Task ANodeThatLostTheItemJournalsNothingMore()
    {
        var spec = Spec(new StepSpec("x", "builtin:echo", Payload.OfText("late"), StepLimits.Default, BuiltinStepExecutor.StepKind));
        await RunSubmission.SubmitAsync(journal, spec);
        Assert.Single(await journal.ClaimItemsAsync("other", 1, TimeSpan.FromMinutes(5)));

        await Assert.ThrowsAsync<LeaseLostException>(() =>
            executor.ExecuteAsync(spec, spec.Items[0], new ItemEventSink(journal, "me", "r", "i"), CancellationToken.None));

        Assert.Equal(["ItemScheduled"], (await journal.ReadItemAsync("r", "i")).Select(e => e.Event.EventType));
    }
}
