using BenchmarkDotNet.Attributes;
using PluginHost.Plugins.Hosting;
using Wasmtime;

namespace PluginHost.Bench.Kernels;

/// <summary>BenchmarkDotNet view of the kernels on Wasmtime alone (the V8 side-by-side is <see cref="KernelComparison"/>).</summary>
[MemoryDiagnoser]
public class KernelBenchmarks // not sealed: BenchmarkDotNet derives from benchmark classes
{
    private WasmEngine _engine = null!;
    private Store _store = null!;
    private Func<int, int> _func = null!;
    private int _arg;

    /// <summary>The kernel to run (its n comes from expected.json).</summary>
    [Params("hash", "matmul", "sort", "json", "fib")]
    public string Kernel { get; set; } = "fib";

    /// <summary>Compiles and instantiates kernels.wasm once.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var root = RepoRoot.Find();
        var expected = ExpectedChecksums.Load(Path.Combine(root, "tests/fixtures/bench/expected.json"));
        _engine = new WasmEngine(new WasmEngineSettings(Pooling: false));
        var module = Module.FromFile(_engine.Engine, Path.Combine(root, "tests/fixtures/bench/kernels.wasm"));
        _store = StepStore.Create(_engine, new StepLimits(_engine.Settings.MaxMemoryBytes, TimeSpan.FromHours(1)));
        var instance = new Linker(_engine.Engine).Instantiate(_store, module);
        _func = instance.GetFunction<int, int>($"run_{Kernel}") ?? throw new InvalidOperationException($"kernels.wasm has no export run_{Kernel}");
        _arg = expected.BenchN[Kernel];
    }

    /// <summary>One kernel run (on a wasm thread); returns its checksum.</summary>
    [Benchmark]
    public int Run() => _engine.RunOnWasmThread(() => _func(_arg));

    /// <summary>Releases the store and engine.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _store.Dispose();
        _engine.Dispose();
    }
}
