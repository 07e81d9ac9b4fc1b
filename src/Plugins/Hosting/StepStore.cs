using Wasmtime;

namespace PluginHost.Plugins.Hosting;

/// <summary>Creates the fresh store of one step: memory limit, epoch deadline (set before anything is instantiated:
/// a new store's deadline is 0) and fuel. A store that trapped is dead: never reuse it.</summary>
public static class StepStore
{
    /// <summary>A new store on <paramref name="engine"/> with <paramref name="limits"/> and optional host data.</summary>
    public static Store Create(WasmEngine engine, StepLimits limits, object? data = null)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(limits);
        var store = data is null ? new Store(engine.Engine) : new Store(engine.Engine, data);
        try
        {
            store.SetLimits(memorySize: limits.MemoryBytes, tableElements: null, instances: null, tables: null, memories: null);
            if (engine.Settings.Interruptible) store.SetEpochDeadline(engine.TicksFor(limits.ComputeTime));
            if (engine.Settings.Fuel) store.Fuel = limits.Fuel ?? ulong.MaxValue / 2;
            return store;
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }
}
