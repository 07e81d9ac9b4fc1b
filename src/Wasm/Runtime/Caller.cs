namespace PluginHost.Wasm;

/// <summary>Context a host function receives: its store and the calling instance's exports.</summary>
public sealed class Caller
{
    private readonly Instance? _instance;

    internal Caller(Store store, Instance? instance)
    {
        Store = store;
        _instance = instance;
    }

    /// <summary>The store.</summary>
    public Store Store { get; }

    /// <summary>The calling instance, when the host function was called through an import (null when called directly or through a table).</summary>
    public Instance? Instance => _instance;

    /// <summary>An export of the calling instance, e.g. its "memory"; null if absent.</summary>
    public Extern? GetExport(string name) => _instance?.GetExport(name);

    /// <summary>The calling instance's exported memory by name, or null.</summary>
    public Memory? GetMemory(string name = "memory") => GetExport(name) as Memory;
}
