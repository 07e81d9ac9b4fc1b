using BenchmarkDotNet.Attributes;
using PluginHost.Wasm;

namespace PluginHost.Bench.Kernels;

/// <summary>BenchmarkDotNet view of the kernels on our engine alone (the V8 side-by-side is <see cref="KernelComparison"/>).</summary>
[MemoryDiagnoser]
public class KernelBenchmarks // not sealed: BenchmarkDotNet derives from benchmark classes
{
    private Func _func = null!;
    private Value _arg;

    /// <summary>The kernel to run (its n comes from expected.json).</summary>
    [Params("hash", "matmul", "sort", "json", "fib")]
    public string Kernel { get; set; } = "fib";

    /// <summary>Compiles and instantiates kernels.wasm once.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var root = RepoRoot.Find();
        var expected = ExpectedChecksums.Load(Path.Combine(root, "tests/fixtures/bench/expected.json"));
        var engine = new Engine();
        var module = Module.FromFile(engine, Path.Combine(root, "tests/fixtures/bench/kernels.wasm"));
        var instance = new Linker(engine).Instantiate(new Store(engine), module);
        _func = instance.GetFunction($"run_{Kernel}") ?? throw new InvalidOperationException($"kernels.wasm has no export run_{Kernel}");
        _arg = Value.FromI32(expected.BenchN[Kernel]);
    }

    /// <summary>One kernel run; returns its checksum.</summary>
    [Benchmark]
    public int Run() => _func.Invoke(_arg)[0].I32;
}
