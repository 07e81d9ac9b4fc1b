namespace PluginHost.Bench.Kernels;

/// <summary>What one engine measured, or why it could not run.</summary>
public sealed record EngineResult(string Engine, CompileTiming? Compile, IReadOnlyList<KernelTiming> Kernels, string? Error)
{
    /// <summary>A result for an engine that failed before timing anything.</summary>
    public static EngineResult Failed(string engine, string error) => new(engine, null, [], error);
}
