namespace PluginHost.Wasm;

/// <summary>Engine-wide settings.</summary>
public sealed record EngineConfig
{
    /// <summary>Maximum wasm call depth before a stack-exhausted trap.</summary>
    public int MaxCallDepth { get; init; } = 20_000;
    /// <summary>Native stack size, in bytes, of the threads that run guest code.</summary>
    public int GuestThreadStackSize { get; init; } = 256 * 1024 * 1024;
    /// <summary>Whether compiled code consumes fuel (one unit per function call and per loop iteration); see <see cref="Store.Fuel"/>.</summary>
    public bool ConsumeFuel { get; init; }
}
