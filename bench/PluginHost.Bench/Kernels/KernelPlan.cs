namespace PluginHost.Bench.Kernels;

/// <summary>Which kernels of which module to run with which n, and which modules to compile (the kernels' first): the same for both engines.</summary>
public sealed record KernelPlan(string WasmPath, IReadOnlyList<(string Kernel, int N)> Kernels, IReadOnlyList<string> CompileFiles, int Runs, int Warmup, int CompileRuns)
{
    /// <summary>Builds the plan from the options and expected.json; throws <see cref="ArgumentException"/> for a kernel without n.</summary>
    public static KernelPlan From(KernelOptions o, ExpectedChecksums expected)
    {
        var names = o.Kernels ?? expected.BenchN.Keys.ToList();
        var kernels = names.Select(k =>
        {
            if (o.N.TryGetValue(k, out var n) || expected.BenchN.TryGetValue(k, out n))
                return (k, n);
            throw new ArgumentException($"no n for kernel '{k}': not in {o.ExpectedPath} 'bench'; pass --n {k}=N");
        }).ToList();
        return new KernelPlan(o.WasmPath, kernels, [o.WasmPath, .. o.CompileExtra], o.Runs, o.Warmup, o.CompileRuns);
    }
}
