namespace PluginHost.Wasm;

/// <summary>Owns instances, host state and limits; single-threaded by design (like wasmtime::Store).</summary>
/// <remarks>
/// Interruption: <see cref="Interrupt"/> (or an elapsed <see cref="SetDeadline"/>) makes the running guest code, or the
/// next guest call, trap with <see cref="TrapKind.Interrupted"/> at the next function entry or loop iteration; raising
/// that trap clears the request. Fuel (when <see cref="EngineConfig.ConsumeFuel"/> is on) costs one unit per function
/// call and per loop iteration; at zero the code traps with <see cref="TrapKind.OutOfFuel"/>.
/// </remarks>
public sealed class Store
{
    private Timer? _deadline;

    /// <summary>Creates a store with optional host data.</summary>
    public Store(Engine engine, object? data = null)
    {
        Engine = engine;
        Data = data;
        State = new StoreState { MaxDepth = engine.Config.MaxCallDepth };
    }

    /// <summary>The engine.</summary>
    public Engine Engine { get; }

    /// <summary>Host data attached to the store.</summary>
    public object? Data { get; set; }

    /// <summary>Growth caps for memories and tables created in this store (checked at creation and on growth).</summary>
    public StoreLimits? Limits { get; set; }

    /// <summary>Remaining fuel; only consumed when the engine's <see cref="EngineConfig.ConsumeFuel"/> is on.</summary>
    public long Fuel
    {
        get => Volatile.Read(ref State.Fuel);
        set => Volatile.Write(ref State.Fuel, value);
    }

    internal StoreState State { get; }

    /// <summary>Host functions bound to this store, by linker definition.</summary>
    internal Dictionary<object, Func> BoundHostFunctions { get; } = new(ReferenceEqualityComparer.Instance);

    /// <summary>Asks running (or the next) guest code to trap with <see cref="TrapKind.Interrupted"/>; safe from any thread.</summary>
    public void Interrupt() => Volatile.Write(ref State.Interrupt, 1);

    /// <summary>Interrupts guest code once the timeout has elapsed from now; <see cref="Timeout.InfiniteTimeSpan"/> cancels a pending deadline.</summary>
    public void SetDeadline(TimeSpan timeout)
    {
        _deadline?.Dispose();
        _deadline = null;
        Volatile.Write(ref State.Interrupt, 0);
        if (timeout == Timeout.InfiniteTimeSpan) return;
        if (timeout <= TimeSpan.Zero)
        {
            Interrupt();
            return;
        }
        _deadline = new Timer(static s => ((Store)s!).Interrupt(), this, timeout, Timeout.InfiniteTimeSpan);
    }
}
