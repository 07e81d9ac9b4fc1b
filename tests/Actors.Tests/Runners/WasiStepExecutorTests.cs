using PluginHost.Actors.Runners;
using PluginHost.Actors.Runs;
using PluginHost.Shared.Runs;

namespace PluginHost.Actors.Tests.Runners;

/// <summary>The wasi step executor on runner threads (as runner actors run it): a step that traps, spins, hogs memory
/// or exits non-zero fails alone, with its message, and the threads go on running steps.</summary>
public sealed class WasiStepExecutorTests : IDisposable
{
    private readonly RunnerThread[] _threads = Enumerable.Range(0, 3).Select(i => new RunnerThread($"runner-{i}")).ToArray();
    private readonly WasiStepExecutor _wasi = new(new ModuleCache());
    private int _next;

    /// <summary>Stops the runner threads.</summary>
    public void Dispose()
    {
        foreach (var thread in _threads) thread.Dispose();
    }

    private Task<StepResult> OnRunnerAsync(StepContext context)
    {
        var done = new TaskCompletionSource<StepResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        _threads[Interlocked.Increment(ref _next) % _threads.Length].Run(async () =>
        {
            try { done.SetResult(await _wasi.ExecuteAsync(context)); }
            catch (Exception e) { done.SetException(e); }
        });
        return done.Task;
    }

    private static (StepContext Context, List<(string Stream, string Text)> Output) Context(StepSpec step)
    {
        var output = new List<(string, string)>();
        var context = new StepContext("r", "i", 0, step, [], 1, (s, p) => { lock (output) output.Add((s, p.Text!)); }, CancellationToken.None);
        return (context, output);
    }

    [Fact]
    public async Task TrapTimeoutAndMemoryExhaustionFailOnlyTheirOwnStep()
    {
        var dir = Fixtures.TempDir();
        var trap = Context(Fixtures.WasiStep("trap", ["trap"]));
        var timeout = Context(Fixtures.WasiStep("spin", ["spin"], new StepLimits(ComputeTime: TimeSpan.FromMilliseconds(300))));
        var memory = Context(Fixtures.WasiStep("alloc", ["alloc", "64"], new StepLimits(MaxMemoryBytes: 8 << 20)));
        var good = Context(Fixtures.WasiStep("append", ["append", Path.Combine(dir, "out.txt"), "fine", "50"], null, dir));

        var results = await Task.WhenAll(OnRunnerAsync(trap.Context), OnRunnerAsync(timeout.Context), OnRunnerAsync(memory.Context), OnRunnerAsync(good.Context));

        Assert.False(results[0].Succeeded);
        Assert.Equal("plugin 'steps.wasm' trapped: wasm `unreachable` instruction executed", results[0].Error);
        Assert.Contains(("stdout", "trapping"), trap.Output);
        Assert.False(results[1].Succeeded);
        Assert.Contains("timed out", results[1].Error);
        Assert.False(results[2].Succeeded);
        Assert.Equal("plugin 'steps.wasm' exceeded its memory limit of 8 MiB", results[2].Error);
        Assert.Contains(memory.Output, o => o.Stream == "stderr" && o.Text.StartsWith("out of memory after", StringComparison.Ordinal));
        Assert.True(results[3].Succeeded, results[3].Error);
        Assert.Equal("fine\n", File.ReadAllText(Path.Combine(dir, "out.txt")));

        // Every runner thread still runs steps.
        var again = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => OnRunnerAsync(Context(Fixtures.WasiStep("echo", ["echo", $"w{i}"])).Context)));
        Assert.All(again, r => Assert.True(r.Succeeded, r.Error));
    }

    [Fact]
    public async Task ANonZeroExitFailsTheStepAndOutputIsCaptured()
    {
        var exit = Context(Fixtures.WasiStep("exit", ["exit", "3"]));
        var result = await OnRunnerAsync(exit.Context);
        Assert.False(result.Succeeded);
        Assert.Equal("plugin 'steps.wasm' exited with code 3", result.Error);
        Assert.Equal([("stdout", "exiting 3")], exit.Output);
    }

    [Fact]
    public async Task AMissingPluginIsAClearFailure()
    {
        var step = new StepSpec("missing", "/nonexistent/plugin.wasm", Payload.Empty, StepLimits.Default);
        var result = await OnRunnerAsync(Context(step).Context);
        Assert.False(result.Succeeded);
        Assert.Contains("/nonexistent/plugin.wasm", result.Error);
    }
}
