using PluginHost.Actors.Kernel;
using PluginHost.Actors.Runners;
using PluginHost.Shared.Runs;

namespace PluginHost.Actors.Tests.Runners;

public sealed class RunnerPoolTests : IAsyncLifetime
{
    private readonly ActorSystem _system = new("runners-test");
    private RunnerPool _pool = null!;
    private WasiStepExecutor _wasi = null!;
    private ModuleCache _cache = null!;

    public Task InitializeAsync()
    {
        _pool = new RunnerPool(_system, 3);
        _cache = new ModuleCache();
        _wasi = new WasiStepExecutor(_cache);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _pool.DisposeAsync();
        await _system.DisposeAsync();
    }

    private (StepContext Context, List<(string Stream, string Text)> Output) Context(StepSpec step)
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

        var results = await Task.WhenAll(
            _pool.ExecuteAsync(_wasi, trap.Context), _pool.ExecuteAsync(_wasi, timeout.Context),
            _pool.ExecuteAsync(_wasi, memory.Context), _pool.ExecuteAsync(_wasi, good.Context));

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

        // The runners survive: every one of them still runs steps.
        var again = await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
            _pool.ExecuteAsync(_wasi, Context(Fixtures.WasiStep("echo", ["echo", $"w{i}"])).Context)));
        Assert.All(again, r => Assert.True(r.Succeeded, r.Error));
    }

    [Fact]
    public async Task ANonZeroExitFailsTheStepAndOutputIsCaptured()
    {
        var exit = Context(Fixtures.WasiStep("exit", ["exit", "3"]));
        var result = await _pool.ExecuteAsync(_wasi, exit.Context);
        Assert.False(result.Succeeded);
        Assert.Equal("plugin 'steps.wasm' exited with code 3", result.Error);
        Assert.Equal([("stdout", "exiting 3")], exit.Output);
    }

    [Fact]
    public async Task AnExecutorExceptionFailsTheStepNotTheRunner()
    {
        var step = new StepSpec("boom", "x", Payload.Empty, StepLimits.Default, "throwing");
        var result = await _pool.ExecuteAsync(new ThrowingExecutor(), Context(step).Context);
        Assert.False(result.Succeeded);
        Assert.Contains("InvalidOperationException: kaboom", result.Error);
        var ok = await _pool.ExecuteAsync(_wasi, Context(Fixtures.WasiStep("echo", ["echo", "x"])).Context);
        Assert.True(ok.Succeeded, ok.Error);
    }

    [Fact]
    public async Task AMissingPluginIsAClearFailure()
    {
        var step = new StepSpec("missing", "/nonexistent/plugin.wasm", Payload.Empty, StepLimits.Default);
        var result = await _pool.ExecuteAsync(_wasi, Context(step).Context);
        Assert.False(result.Succeeded);
        Assert.Contains("/nonexistent/plugin.wasm", result.Error);
    }

    [Fact]
    public async Task StepsRunOnTheRunnersOwnThreads()
    {
        var probe = new ThreadProbe();
        var step = new StepSpec("probe", "x", Payload.Empty, StepLimits.Default, "probe");
        await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => _pool.ExecuteAsync(probe, Context(step).Context)));
        Assert.All(probe.ThreadNames, n => Assert.Contains("runner-", n));
        Assert.InRange(probe.ThreadNames.Distinct().Count(), 1, 3);
    }

    private sealed class ThrowingExecutor : IStepExecutor
    {
        public string Kind => "throwing";
        public Task<StepResult> ExecuteAsync(StepContext context) => throw new InvalidOperationException("kaboom");
    }

    private sealed class ThreadProbe : IStepExecutor
    {
        public List<string> ThreadNames { get; } = [];
        public string Kind => "probe";
        public Task<StepResult> ExecuteAsync(StepContext context)
        {
            lock (ThreadNames) ThreadNames.Add(Thread.CurrentThread.Name ?? "");
            return Task.FromResult(StepResult.Success(Payload.Empty));
        }
    }
}
