using Wasmtime;

namespace PluginHost.Plugins.Hosting;

/// <summary>How the node's one Wasmtime engine is configured (fixed for the node's lifetime).</summary>
/// <param name="MaxWasmStackBytes">Max wasm stack per call, at most <see cref="StackLimitBytes"/> (2 MiB; above it Wasmtime aborts).</param>
/// <param name="Optimization">Cranelift optimisation level.</param>
/// <param name="Runners">Plugin runners on the node: sizes the pooling allocator.</param>
/// <param name="EpochTick">Interval of the epoch ticker: the resolution of compute-time limits.</param>
/// <param name="Fuel">Whether fuel metering is on (costs speed; limits count instructions instead of time).</param>
/// <param name="MaxMemoryBytes">Largest linear memory any plugin may grow to (the per-step limit is lower).</param>
/// <param name="Pooling">Whether to try the pooling allocator (falls back to the default one if it cannot reserve).</param>
/// <param name="Interruptible">Whether compiled code checks the epoch (compute-time limits inside the process; costs
/// speed in tight loops). Off only for a process that is itself the sandbox and enforces its limit by exiting
/// (<c>pluginhost wasm run</c>).</param>
public sealed record WasmEngineSettings(
    int MaxWasmStackBytes = WasmEngineSettings.DefaultStackBytes,
    OptimizationLevel Optimization = OptimizationLevel.Speed,
    int Runners = 8,
    TimeSpan EpochTick = default,
    bool Fuel = false,
    long MaxMemoryBytes = 1L << 30,
    bool Pooling = true,
    bool Interruptible = true)
{
    /// <summary>Default max wasm stack (1 MiB).</summary>
    public const int DefaultStackBytes = 1 << 20;

    /// <summary>Largest max wasm stack Wasmtime accepts here (2 MiB).</summary>
    public const int StackLimitBytes = 2 << 20;

    /// <summary>Core instances (memories, tables) the pool keeps per runner: a component has several.</summary>
    public const int InstancesPerRunner = 16;

    /// <summary>The tick interval in effect (10 ms when unset).</summary>
    public TimeSpan Tick => EpochTick <= TimeSpan.Zero ? TimeSpan.FromMilliseconds(10) : EpochTick;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        if (MaxWasmStackBytes < 64 * 1024 || MaxWasmStackBytes > StackLimitBytes)
            throw new ArgumentException($"max wasm stack {MaxWasmStackBytes} bytes: expected 64 KiB to 2 MiB");
        if (Runners < 1) throw new ArgumentException($"runners {Runners}: expected at least 1");
        if (MaxMemoryBytes < 65536 || MaxMemoryBytes > 4L << 30)
            throw new ArgumentException($"max memory {MaxMemoryBytes} bytes: expected 64 KiB to 4 GiB");
    }

    /// <summary>The settings that change compiled code, as one string (part of the on-disk cache key).</summary>
    public string CompileFingerprint => $"stack={MaxWasmStackBytes};opt={Optimization};fuel={Fuel};epoch={(Interruptible ? 1 : 0)}";
}
