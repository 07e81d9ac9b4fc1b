
namespace PluginHost.Wasm.Tests.Wasi;

using Engine = global::PluginHost.Wasm.Engine;

/// <summary>Plugins that loop, hog memory or recurse forever fail alone; the process and other stores keep going.</summary>
public sealed class SandboxLimitTests
{
    [Fact]
    public void InfiniteLoopIsStoppedByTheDeadline()
    {
        var outcome = WasiHarness.Run("loop.wasm", configure: s => s.SetDeadline(TimeSpan.FromMilliseconds(200)));
        Assert.Equal(TrapKind.Interrupted, outcome.Trap?.Kind);
        Assert.Equal("looping\n", outcome.Stdout);
    }

    [Fact]
    public void InfiniteLoopRunsOutOfFuel()
    {
        var engine = new Engine(new EngineConfig { ConsumeFuel = true });
        var outcome = WasiHarness.Run("loop.wasm", configure: s => s.Fuel = 100_000, engine: engine);
        Assert.Equal(TrapKind.OutOfFuel, outcome.Trap?.Kind);
    }

    [Fact]
    public void MemoryHogIsStoppedByTheMemoryLimit()
    {
        var outcome = WasiHarness.Run("memhog.wasm", configure: s => s.Limits = new StoreLimits { MaxMemoryBytes = 32L << 20 });
        Assert.Null(outcome.Trap);
        var last = outcome.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1];
        Assert.Matches(@"^allocated \d+ MiB$", last);
        var mib = int.Parse(last.Split(' ')[1]);
        Assert.InRange(mib, 20, 32);
    }

    [Fact]
    public void MemoryHogTrapsWhenTheEmbedderAsksForTrapsOnGrowth()
    {
        var outcome = WasiHarness.Run("memhog.wasm", configure: s => s.Limits = new StoreLimits { MaxMemoryBytes = 32L << 20, TrapOnGrowFailure = true });
        Assert.Equal(TrapKind.MemoryOutOfBounds, outcome.Trap?.Kind);
        Assert.Contains("store's limit", outcome.Trap!.Message);
    }

    [Fact]
    public void EndlessRecursionTrapsWithStackExhausted()
    {
        var outcome = WasiHarness.Run("recurse.wasm");
        Assert.Equal(TrapKind.StackExhausted, outcome.Trap?.Kind);
    }

    [Fact]
    public async Task SixtyFourStoresAtOnceOneLoopingOneHoggingTheRestFinish()
    {
        var lorem = File.ReadAllBytes(Path.Combine(WasiHarness.FixturesDir, "data", "tree", "lorem.txt"));
        var expected = File.ReadAllText(Path.Combine(WasiHarness.FixturesDir, "expected", "hashfile-lorem.txt"));
        var tasks = Enumerable.Range(0, 64).Select(i => Task.Run(() => i switch
        {
            0 => WasiHarness.Run("loop.wasm", configure: s => s.SetDeadline(TimeSpan.FromSeconds(2))),
            1 => WasiHarness.Run("memhog.wasm", configure: s => s.Limits = new StoreLimits { MaxMemoryBytes = 64L << 20 }),
            _ => WasiHarness.Run("hashfile.wasm", ["-"], stdin: lorem),
        })).ToArray();
        var results = await Task.WhenAll(tasks);
        Assert.Equal(TrapKind.Interrupted, results[0].Trap?.Kind);
        Assert.Contains("allocated ", results[1].Stdout);
        foreach (var r in results.Skip(2))
        {
            Assert.Null(r.Trap);
            Assert.Equal(0, r.ExitCode);
            Assert.Equal(expected, r.Stdout);
        }
    }
}
