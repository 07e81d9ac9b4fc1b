using PluginHost.Plugins.Hosting;
using PluginHost.Plugins.Hosting.Wasi;

namespace PluginHost.Plugins.Tests.Hosting.Wasi;

/// <summary>Programs that loop, hog memory or recurse forever fail alone with one clear line; other stores keep going.</summary>
public sealed class WasiLimitTests
{
    [Fact]
    public void InfiniteLoopIsStoppedByTheComputeLimit()
    {
        var outcome = WasiRun.Run("loop.wasm", configure: o => o with { ComputeTime = TimeSpan.FromMilliseconds(200) });
        Assert.Equal(PluginFailureKind.ComputeTime, outcome.Result.Failure);
        Assert.Equal("plugin 'loop.wasm' exceeded its 0.2 s compute-time limit", outcome.Result.Message);
        Assert.Equal("looping\n", outcome.Stdout);
    }

    [Fact]
    public void CancellationStopsAnInfiniteLoop()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var outcome = WasiRun.Run("loop.wasm", configure: o => o with { Cancellation = cancel.Token });
        Assert.True(outcome.Result.Cancelled);
        Assert.Equal("plugin 'loop.wasm' was cancelled", outcome.Result.Message);
    }

    [Fact]
    public void InfiniteLoopRunsOutOfFuel()
    {
        using var engine = new WasmEngine(new WasmEngineSettings(Fuel: true, Pooling: false));
        var outcome = WasiRun.Run("loop.wasm", configure: o => o with { Fuel = 100_000 }, engine: engine);
        Assert.Equal(PluginFailureKind.Fuel, outcome.Result.Failure);
        Assert.Equal("OutOfFuel", outcome.Result.Trap);
        Assert.Equal("plugin 'loop.wasm' ran out of fuel (100000 units)", outcome.Result.Message);
    }

    [Fact]
    public void MemoryHogIsStoppedByTheMemoryLimit()
    {
        var outcome = WasiRun.Run("memhog.wasm", configure: o => o with { MemoryBytes = 32L << 20 });
        Assert.Equal(0, outcome.Result.ExitCode); // memory.grow fails, malloc returns NULL, the program stops
        var last = outcome.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1];
        Assert.Matches(@"^allocated \d+ MiB$", last);
        Assert.InRange(int.Parse(last.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture), 20, 32);
    }

    [Fact]
    public void EndlessRecursionTrapsWithCallStackExhausted()
    {
        var outcome = WasiRun.Run("recurse.wasm");
        Assert.Equal(PluginFailureKind.Stack, outcome.Result.Failure);
        Assert.Equal("plugin 'recurse.wasm' trapped: call stack exhausted (runaway recursion)", outcome.Result.Message);
        Assert.NotNull(outcome.Result.Backtrace);
    }

    [Fact]
    public void AModuleWithoutStartIsNotACommand()
    {
        var outcome = WasiRun.Run("exitcode.wasm", configure: o => o with { Name = "x.wasm" });
        Assert.Equal(0, outcome.Result.ExitCode);
        var kernels = new WasiCommandOptions { Name = "kernels.wasm" };
        var module = Wasmtime.Module.FromFile(WasmEngine.Shared.Engine, PluginHost.Tests.Common.TestRepo.Fixture("bench", "kernels.wasm"));
        var result = WasiCommand.Run(WasmEngine.Shared, module, kernels);
        Assert.Equal("plugin 'kernels.wasm' exports no _start function: it is not a WASI command", result.Message);
    }

    [Fact]
    public async Task SixtyFourStoresAtOnceOneLoopsOneHogsOneRecursesTheRestFinish()
    {
        var lorem = Path.Combine(WasiRun.FixturesDir, "data", "tree", "lorem.txt");
        var expected = File.ReadAllText(Path.Combine(WasiRun.FixturesDir, "expected", "hashfile-lorem.txt"));
        var tasks = Enumerable.Range(0, 64).Select(i => Task.Run(() => i switch
        {
            0 => WasiRun.Run("loop.wasm", configure: o => o with { ComputeTime = TimeSpan.FromSeconds(2) }),
            1 => WasiRun.Run("memhog.wasm", configure: o => o with { MemoryBytes = 64L << 20 }),
            2 => WasiRun.Run("recurse.wasm"),
            _ => WasiRun.Run("hashfile.wasm", ["-"], o => o with { StdinFile = lorem }),
        })).ToArray();
        var results = await Task.WhenAll(tasks);
        Assert.Equal(PluginFailureKind.ComputeTime, results[0].Result.Failure);
        Assert.Contains("allocated ", results[1].Stdout);
        Assert.Equal(PluginFailureKind.Stack, results[2].Result.Failure);
        foreach (var r in results.Skip(3))
        {
            Assert.Equal(0, r.Result.ExitCode);
            Assert.Equal(expected, r.Stdout);
        }
    }
}
