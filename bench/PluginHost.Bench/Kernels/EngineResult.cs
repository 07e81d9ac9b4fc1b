namespace PluginHost.Bench.Kernels;

/// <summary>What one engine measured, or why it could not run.</summary>
public sealed record EngineResult(string Engine, CompileTiming? Compile, IReadOnlyList<KernelTiming> Kernels, string? Error)
{
    /// <summary>Compile time in the engine's lazy mode (V8: functions compiled on first call), if it has one.</summary>
    public CompileTiming? CompileLazy { get; init; }

    /// <summary>A result for an engine that failed before timing anything.</summary>
    public static EngineResult Failed(string engine, string error) => new(engine, null, [], error);
}
