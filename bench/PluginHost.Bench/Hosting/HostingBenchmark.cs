using System.Diagnostics;
using PluginHost.Plugins.Hosting;
using Wasmtime;

namespace PluginHost.Bench.Hosting;

/// <summary>Wasmtime hosting costs: instantiations with the pooling allocator vs the default one (same run), and the
/// cold start of the biggest real plugin with a cold and a warm compiled-plugin cache.</summary>
public static class HostingBenchmark
{
    private const string Guest = """
        (module (memory (export "memory") 17) (table 16 funcref)
          (func (export "run") (param i32) (result i32) (i32.mul (local.get 0) (i32.const 2))))
        """;

    /// <summary>Runs and prints a markdown table; options: --count N, --plugin PATH.</summary>
    public static int Run(string[] args)
    {
        var count = args.SkipWhile(a => a != "--count").Skip(1).Select(int.Parse).FirstOrDefault(10_000);
        var plugin = args.SkipWhile(a => a != "--plugin").Skip(1).FirstOrDefault()
            ?? Directory.GetFiles(PluginHost.Tests.Common.TestRepo.SharedData("real-plugins"), "*.wasm", SearchOption.AllDirectories)
                .OrderByDescending(f => new FileInfo(f).Length).First();
        using var pooled = new WasmEngine(new WasmEngineSettings(Runners: 8));
        using var plain = new WasmEngine(new WasmEngineSettings(Runners: 8, Pooling: false));
        var rows = new List<string>();
        var thread = new Thread(() =>
        {
            Instantiations(plain, count / 10);
            Instantiations(pooled, count / 10);
            var d = Instantiations(plain, count);
            var p = Instantiations(pooled, count);
            rows.Add($"| {count:N0} instantiate+call, fresh store each | pooling {p * 1000 / count:0.0} us each | default allocator {d * 1000 / count:0.0} us each | {d / p:0.00}x |");
            var dir = Path.Combine(Path.GetTempPath(), "ph-bench-cache-" + Guid.NewGuid().ToString("N"));
            try
            {
                var wasm = File.ReadAllBytes(plugin);
                var cold = ColdStart(pooled, dir, wasm);
                var warm = ColdStart(pooled, dir, wasm);
                rows.Add($"| compile+instantiate {Path.GetFileName(plugin)} ({wasm.Length / 1024} KiB), new cache object | warm disk cache {warm:0.0} ms | cold cache {cold:0.0} ms | {cold / warm:0.0}x |");
            }
            finally
            {
                Directory.Delete(dir, recursive: true);
            }
        }, pooled.RunnerThreadStackSize);
        thread.Start();
        thread.Join();
        Console.WriteLine($"Pooling in use: {pooled.Pooling}. Wasmtime {WasmEngine.WasmtimeVersion}.");
        Console.WriteLine("| measure | ours | peer | peer/ours |");
        Console.WriteLine("|---|---|---|---|");
        rows.ForEach(Console.WriteLine);
        return 0;
    }

    private static double Instantiations(WasmEngine engine, int count)
    {
        using var module = Module.FromText(engine.Engine, "g", Guest);
        var linker = new Linker(engine.Engine);
        var limits = StepLimits.Default;
        for (var i = 0; i < 200; i++) Once(engine, linker, module, limits);
        var sw = Stopwatch.StartNew();
        for (var i = 0; i < count; i++) Once(engine, linker, module, limits);
        return sw.Elapsed.TotalMilliseconds;
    }

    private static void Once(WasmEngine engine, Linker linker, Module module, StepLimits limits)
    {
        using var store = StepStore.Create(engine, limits);
        var instance = linker.Instantiate(store, module);
        if (instance.GetFunction<int, int>("run")!(21) != 42) throw new InvalidOperationException("wrong result");
    }

    /// <summary>Milliseconds from a new cache object to an instance of the plugin (imports defined as traps).</summary>
    private static double ColdStart(WasmEngine engine, string dir, byte[] wasm)
    {
        var sw = Stopwatch.StartNew();
        using var cache = new CompiledPluginCache(engine, dir);
        var module = cache.GetModule(wasm, "plugin");
        var linker = new Linker(engine.Engine);
        linker.DefineUnknownImportsAsTraps(module);
        using var store = StepStore.Create(engine, StepLimits.Default);
        linker.Instantiate(store, module);
        return sw.Elapsed.TotalMilliseconds;
    }
}
