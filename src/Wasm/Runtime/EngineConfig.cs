namespace PluginHost.Wasm;

/// <summary>Engine-wide settings.</summary>
public sealed record EngineConfig
{
    /// <summary>Maximum wasm call depth before a stack-exhausted trap.</summary>
    public int MaxCallDepth { get; init; } = 20_000;
    /// <summary>Native stack size, in bytes, of the threads that run guest code.</summary>
    public int GuestThreadStackSize { get; init; } = 256 * 1024 * 1024;
    /// <summary>Run guest code directly on the calling thread instead of a pooled big-stack thread (saves a thread hop per call; deep recursion then traps earlier, never crashes).</summary>
    public bool RunOnCallerThread { get; init; }
    /// <summary>Whether compiled code consumes fuel (one unit per function call and per loop iteration); see <see cref="Store.Fuel"/>.</summary>
    public bool ConsumeFuel { get; init; }
}
