using System.Diagnostics;
using PluginHost.Wasm;

namespace PluginHost.Bench.Kernels;

/// <summary>Times compile and kernels on PluginHost's own engine through its public API.</summary>
public static class OurEngineRunner
{
    /// <summary>The engine's name in reports.</summary>
    public const string EngineName = "PluginHost.Wasm";

    /// <summary>Runs the plan; any failure (e.g. an engine part not written yet) becomes a failed result.</summary>
    public static EngineResult Run(KernelPlan plan)
    {
        try
        {
            var compile = TimeCompile(plan);
            var engine = new Engine();
            var module = Module.FromFile(engine, plan.WasmPath);
            var store = new Store(engine);
            var instance = new Linker(engine).Instantiate(store, module);
            var timings = plan.Kernels.Select(k => TimeKernel(instance, k.Kernel, k.N, plan)).ToList();
            return new EngineResult(EngineName, compile, timings, null);
        }
        catch (Exception e)
        {
            return EngineResult.Failed(EngineName, $"{e.GetType().Name}: {e.Message}");
        }
    }

    private static CompileTiming TimeCompile(KernelPlan plan)
    {
        long bytes = 0;
        double ms = 0;
        foreach (var file in plan.CompileFiles)
        {
            var module = File.ReadAllBytes(file);
            Module.FromBytes(new Engine(), WasmBytes.WithNonce(module, -1)); // warm the compiler itself
            var times = new List<double>();
            for (var i = 0; i < plan.CompileRuns; i++)
            {
                var engine = new Engine();
                var input = WasmBytes.WithNonce(module, i);
                var sw = Stopwatch.StartNew();
                Module.FromBytes(engine, input, Path.GetFileName(file));
                times.Add(sw.Elapsed.TotalMilliseconds);
            }
            bytes += module.Length;
            ms += Stats.Median(times);
        }
        return new CompileTiming(bytes, ms);
    }

    private static KernelTiming TimeKernel(Instance instance, string kernel, int n, KernelPlan plan)
    {
        var func = instance.GetFunction($"run_{kernel}")
            ?? throw new InvalidOperationException($"{plan.WasmPath} has no function export run_{kernel}");
        var arg = Value.FromI32(n);
        var checksum = 0;
        for (var i = 0; i < plan.Warmup; i++)
            checksum = func.Invoke(arg)[0].I32;
        var times = new List<double>();
        for (var i = 0; i < plan.Runs; i++)
        {
            var sw = Stopwatch.StartNew();
            var r = func.Invoke(arg)[0].I32;
            times.Add(sw.Elapsed.TotalMilliseconds);
            if ((i > 0 || plan.Warmup > 0) && r != checksum)
                throw new InvalidOperationException($"run_{kernel}({n}) is not deterministic: {checksum} then {r}");
            checksum = r;
        }
        return new KernelTiming(kernel, n, checksum, Stats.Median(times), times.Min(), plan.Runs);
    }
}
