using System.Diagnostics;
using PluginHost.Plugins.Hosting;
using Wasmtime;

namespace PluginHost.Bench.Kernels;

/// <summary>Times compile and kernels on a Wasmtime engine as our hosts configure it (a compute limit set on the
/// store, guest code on a wasm thread).</summary>
public static class WasmtimeRunner
{
    /// <summary>How `pluginhost wasm run` runs them: no epoch checks in the code (its limit is a process deadline).</summary>
    public static readonly (string Name, WasmEngineSettings Settings) WasmRun =
        ("wasm run (process deadline)", new WasmEngineSettings(Pooling: false, Interruptible: false));

    /// <summary>How a node's `wasi` step runs them: epoch checks in the code (the limit stops the guest, the node goes on).</summary>
    public static readonly (string Name, WasmEngineSettings Settings) NodeStep =
        ("node step (epoch checks)", new WasmEngineSettings(Pooling: false));

    /// <summary>A node step with fuel metering on as well.</summary>
    public static readonly (string Name, WasmEngineSettings Settings) NodeStepFuel =
        ("node step + fuel", new WasmEngineSettings(Pooling: false, Fuel: true));

    /// <summary>Runs the plan on an engine with <paramref name="variant"/>'s settings (compile times too when
    /// <paramref name="timeCompile"/>); any failure becomes a failed result.</summary>
    public static EngineResult Run(KernelPlan plan, (string Name, WasmEngineSettings Settings) variant, bool timeCompile)
    {
        var engineName = $"Wasmtime {WasmEngine.WasmtimeVersion}, {variant.Name}";
        try
        {
            using var engine = new WasmEngine(variant.Settings);
            var compile = timeCompile ? TimeCompile(engine, plan) : null;
            using var module = Module.FromFile(engine.Engine, plan.WasmPath);
            using var store = StepStore.Create(engine, new StepLimits(engine.Settings.MaxMemoryBytes, TimeSpan.FromHours(1)));
            var instance = new Linker(engine.Engine).Instantiate(store, module);
            var timings = plan.Kernels.Select(k => engine.RunOnWasmThread(() => TimeKernel(instance, k.Kernel, k.N, plan))).ToList();
            return new EngineResult(engineName, compile, timings, null);
        }
        catch (Exception e)
        {
            return EngineResult.Failed(engineName, $"{e.GetType().Name}: {e.Message}");
        }
    }

    private static CompileTiming TimeCompile(WasmEngine engine, KernelPlan plan)
    {
        long bytes = 0;
        double ms = 0;
        foreach (var file in plan.CompileFiles)
        {
            var wasm = File.ReadAllBytes(file);
            Module.FromBytes(engine.Engine, "warm", WasmBytes.WithNonce(wasm, -1)).Dispose(); // warm the compiler itself
            var times = new List<double>();
            for (var i = 0; i < plan.CompileRuns; i++)
            {
                var input = WasmBytes.WithNonce(wasm, i);
                var sw = Stopwatch.StartNew();
                Module.FromBytes(engine.Engine, Path.GetFileName(file), input).Dispose();
                times.Add(sw.Elapsed.TotalMilliseconds);
            }
            bytes += wasm.Length;
            ms += Stats.Median(times);
        }
        return new CompileTiming(bytes, ms);
    }

    private static KernelTiming TimeKernel(Instance instance, string kernel, int n, KernelPlan plan)
    {
        var func = instance.GetFunction<int, int>($"run_{kernel}")
            ?? throw new InvalidOperationException($"{plan.WasmPath} has no export run_{kernel} of type (i32) -> i32");
        var checksum = 0;
        for (var i = 0; i < plan.Warmup; i++)
            checksum = func(n);
        var times = new List<double>();
        for (var i = 0; i < plan.Runs; i++)
        {
            var sw = Stopwatch.StartNew();
            var r = func(n);
            times.Add(sw.Elapsed.TotalMilliseconds);
            if ((i > 0 || plan.Warmup > 0) && r != checksum)
                throw new InvalidOperationException($"run_{kernel}({n}) is not deterministic: {checksum} then {r}");
            checksum = r;
        }
        return new KernelTiming(kernel, n, checksum, Stats.Median(times), times.Min(), plan.Runs);
    }
}
