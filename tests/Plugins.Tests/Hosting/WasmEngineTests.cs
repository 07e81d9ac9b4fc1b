using PluginHost.Plugins.Hosting;
using Wasmtime;

namespace PluginHost.Plugins.Tests.Hosting;

public sealed class WasmEngineTests
{
    private static readonly WasmEngine Engine = new(new WasmEngineSettings(Runners: 70, EpochTick: TimeSpan.FromMilliseconds(5)));
    private static readonly Module Guest = Module.FromText(Engine.Engine, "guest", HostingWat.Guest);

    private static (Store Store, Instance Instance) Instantiate(StepLimits limits)
    {
        var store = StepStore.Create(Engine, limits);
        return (store, new Linker(Engine.Engine).Instantiate(store, Guest));
    }

    private static string Fail(StepLimits limits, Action<Instance> call)
    {
        var (store, instance) = Instantiate(limits);
        using (store)
        {
            var e = Assert.ThrowsAny<Exception>(() => Engine.RunOnWasmThread(() => { call(instance); return 0; }));
            return PluginFailure.Describe(e, limits, (long?)instance.GetMemory("memory")?.GetLength());
        }
    }

    [Fact]
    public void Settings_reject_a_stack_above_2_MiB_and_runner_threads_get_a_margin()
    {
        Assert.Throws<ArgumentException>(() => new WasmEngineSettings(MaxWasmStackBytes: 3 << 20).Validate());
        Assert.True(Engine.RunnerThreadStackSize >= Engine.Settings.MaxWasmStackBytes + 256 * 1024);
    }

    [Fact]
    public void The_pool_is_used_when_it_fits_and_a_store_computes()
    {
        Assert.True(Engine.Pooling, Engine.PoolingFallbackReason);
        var (store, instance) = Instantiate(StepLimits.Default);
        using (store)
            Assert.Equal(4950, Engine.RunOnWasmThread(() => instance.GetFunction<int, int>("compute")!(100)));
    }

    [Fact]
    public void A_pool_too_big_to_reserve_falls_back_to_the_default_allocator()
    {
        using var big = new WasmEngine(new WasmEngineSettings(Runners: 100_000, MaxMemoryBytes: 4L << 30));
        Assert.False(big.Pooling);
        Assert.NotNull(big.PoolingFallbackReason);
        using var store = StepStore.Create(big, StepLimits.Default);
        using var module = Module.FromText(big.Engine, "g", HostingWat.Guest);
        var instance = new Linker(big.Engine).Instantiate(store, module);
        Assert.Equal(45, big.RunOnWasmThread(() => instance.GetFunction<int, int>("compute")!(10)));
    }

    [Fact]
    public void An_engine_without_epoch_checks_computes_and_keys_its_artifacts_apart()
    {
        using var plain = new WasmEngine(new WasmEngineSettings(Pooling: false, Interruptible: false));
        Assert.NotEqual(new WasmEngineSettings().CompileFingerprint, plain.Settings.CompileFingerprint);
        using var store = StepStore.Create(plain, StepLimits.Default);
        using var module = Module.FromText(plain.Engine, "g", HostingWat.Guest);
        var instance = new Linker(plain.Engine).Instantiate(store, module);
        Assert.Equal(45, plain.RunOnWasmThread(() => instance.GetFunction<int, int>("compute")!(10)));
        // An artifact compiled with epoch checks does not load into an engine without them (Wasmtime checks the config).
        var withChecks = new WasmEngine(new WasmEngineSettings(Pooling: false));
        using (withChecks)
        {
            var bytes = Module.FromText(withChecks.Engine, "g", HostingWat.Guest).Serialize();
            Assert.ThrowsAny<Exception>(() => Module.Deserialize(plain.Engine, "g", bytes));
        }
    }

    [Fact]
    public void A_loop_hits_the_compute_time_limit()
    {
        var limits = new StepLimits(64L << 20, TimeSpan.FromMilliseconds(100), ComputeLimitHint: "ICP_CLI_PLUGIN_COMPUTE_LIMIT_SECS");
        Assert.Equal("plugin exceeded its 0.1 s compute-time limit; raise it with ICP_CLI_PLUGIN_COMPUTE_LIMIT_SECS",
            Fail(limits, i => i.GetAction("spin")!()));
    }

    [Fact]
    public void A_memory_hog_hits_the_memory_limit()
    {
        var limits = StepLimits.Default with { MemoryBytes = 8L << 20 };
        Assert.Equal("plugin exceeded its memory limit of 8 MiB", Fail(limits, i => i.GetAction("hog")!()));
    }

    [Fact]
    public void Runaway_recursion_exhausts_the_stack()
    {
        Assert.Equal("plugin's call stack exhausted (runaway recursion)",
            Fail(StepLimits.Default, i => i.GetFunction<int, int>("recurse")!(0)));
    }

    [Fact]
    public void Fuel_runs_out_when_the_engine_meters_it()
    {
        using var fueled = new WasmEngine(new WasmEngineSettings(Fuel: true, Pooling: false));
        using var module = Module.FromText(fueled.Engine, "g", HostingWat.Guest);
        var limits = StepLimits.Default with { Fuel = 10_000 };
        using var store = StepStore.Create(fueled, limits);
        var instance = new Linker(fueled.Engine).Instantiate(store, module);
        var e = Assert.ThrowsAny<Exception>(() => fueled.RunOnWasmThread(() => instance.GetFunction<int, int>("compute")!(1_000_000)));
        Assert.Equal("plugin ran out of fuel (10000 units)", PluginFailure.Describe(e, limits));
    }

    [Fact]
    public void Sixty_four_stores_at_once_one_loops_one_hogs_one_recurses_the_rest_compute()
    {
        var limits = new StepLimits(16L << 20, TimeSpan.FromSeconds(1));
        var results = new string[64];
        var threads = Enumerable.Range(0, 64).Select(k => new Thread(() =>
        {
            var (store, instance) = Instantiate(limits);
            using (store)
            {
                try
                {
                    results[k] = k switch
                    {
                        0 => Run(() => instance.GetAction("spin")!()),
                        1 => Run(() => instance.GetAction("hog")!()),
                        2 => Run(() => instance.GetFunction<int, int>("recurse")!(0)),
                        _ => instance.GetFunction<int, int>("compute")!(1000 + k).ToString(),
                    };
                }
                catch (Exception e)
                {
                    results[k] = PluginFailure.Describe(e, limits, (long?)instance.GetMemory("memory")?.GetLength());
                }
            }
        }, Engine.RunnerThreadStackSize)).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        Assert.StartsWith("plugin exceeded its 1 s compute-time limit", results[0]);
        Assert.Equal("plugin exceeded its memory limit of 16 MiB", results[1]);
        Assert.Equal("plugin's call stack exhausted (runaway recursion)", results[2]);
        for (var k = 3; k < 64; k++)
        {
            var n = 1000 + k;
            Assert.Equal((n * (n - 1) / 2).ToString(), results[k]);
        }
    }

    private static string Run(Action a)
    {
        a();
        return "returned";
    }
}
