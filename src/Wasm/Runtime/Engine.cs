namespace PluginHost.Wasm;

/// <summary>Shared, thread-safe compilation environment (like wasmtime::Engine).</summary>
public sealed class Engine
{
    /// <summary>Creates an engine.</summary>
    public Engine(EngineConfig? config = null) => Config = config ?? new EngineConfig();

    /// <summary>The engine's settings.</summary>
    public EngineConfig Config { get; }
}
