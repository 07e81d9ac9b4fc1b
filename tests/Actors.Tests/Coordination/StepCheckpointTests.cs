using PluginHost.Actors.Coordination;
using PluginHost.Actors.Journal;
using PluginHost.Actors.Kernel;
using PluginHost.Actors.Runners;
using PluginHost.Actors.Tests.Runners;
using PluginHost.Shared.Runs;

namespace PluginHost.Actors.Tests.Coordination;

/// <summary>Step checkpoints: an output journaled with <see cref="StepContext.OutputDurableAsync"/> is in the journal when
/// the call returns, and a retry of the interrupted step reads the earlier attempt's outputs back.</summary>
public sealed class StepCheckpointTests : IAsyncLifetime
{
    private readonly ActorSystem _system = new("checkpoint-test");
    private RunnerPool _pool = null!;
    private IJournal _journal = null!;
    private readonly CheckpointExecutor _executor = new();
    private RunCoordinator _coordinator = null!;

    public async Task InitializeAsync()
    {
        _journal = await SqliteJournal.OpenInDirectoryAsync(Fixtures.TempDir());
        _pool = new RunnerPool(_system, 1);
        _executor.Journal = _journal;
        _coordinator = new RunCoordinator(_journal, _pool, new StepExecutorRegistry().Add(_executor));
    }

    public async Task DisposeAsync()
    {
        await _pool.DisposeAsync();
        await _system.DisposeAsync();
        await _journal.DisposeAsync();
    }

    [Fact]
    public async Task A_retried_step_reads_the_checkpoints_of_its_interrupted_attempt()
    {
        var step = new StepSpec("s", "checkpoint", Payload.OfText("x"), StepLimits.Default, "checkpoint");
        var spec = new RunSpec("run-c", "test", [new WorkItemSpec("a", "a", [step, step]), new WorkItemSpec("b", "b", [step])]);
        var t = DateTimeOffset.UtcNow;
        await _journal.AppendAsync("run-c", [
            new RunAccepted("run-c", t, spec),
            .. spec.Items.Select(i => new ItemScheduled("run-c", i.ItemId, t, i.Name)),
            // a: step 0 completed (its checkpoint is not handed to step 1), step 1 interrupted after two checkpoints.
            new StepStarted("run-c", "a", 0, t, "s"),
            new StepOutput("run-c", "a", 0, t, "mark", Payload.OfText("a0")),
            new StepCompleted("run-c", "a", 0, t, Payload.Empty),
            new StepStarted("run-c", "a", 1, t, "s"),
            new StepOutput("run-c", "a", 1, t, "mark", Payload.OfText("a1-first")),
            new StepOutput("run-c", "a", 1, t, "stdout", Payload.OfText("noise")),
            new StepOutput("run-c", "a", 1, t, "mark", Payload.OfText("a1-second")),
        ]);

        var handle = Assert.Single(await _coordinator.ResumeUnfinishedAsync());
        var done = await handle.Completion.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal((2, 0), (done.Succeeded, done.Failed));

        Assert.Equal(["a1-first", "a1-second"], _executor.Seen[("a", 1)]);
        Assert.Empty(_executor.Seen[("b", 0)]);
        Assert.False(_executor.Seen.ContainsKey(("a", 0)));
        // Each checkpoint was in the journal by the time OutputDurableAsync returned.
        Assert.All(_executor.DurableOnReturn, Assert.True);
        Assert.Equal(2, _executor.DurableOnReturn.Count);
    }

    private sealed class CheckpointExecutor : IStepExecutor
    {
        public IJournal Journal { get; set; } = null!;
        public Dictionary<(string, int), List<string>> Seen { get; } = [];
        public List<bool> DurableOnReturn { get; } = [];

        public string Kind => "checkpoint";

        public async Task<StepResult> ExecuteAsync(StepContext context)
        {
            lock (Seen) Seen[(context.ItemId, context.StepIndex)] = context.EarlierOutputs.Where(o => o.Stream == "mark").Select(o => o.Data.Text!).ToList();
            var text = $"{context.ItemId}{context.StepIndex}-retry";
            await context.OutputDurableAsync("mark", Payload.OfText(text));
            var events = await Journal.ReadAsync(context.RunId);
            lock (DurableOnReturn) DurableOnReturn.Add(events.Any(e => e.Event is StepOutput o && o.Data.Text == text));
            return StepResult.Success(Payload.Empty);
        }
    }
}
