namespace PluginHost.Wasm.Components;

/// <summary>An instantiated component: its exported functions and instances.</summary>
public sealed class ComponentInstance
{
    private readonly IReadOnlyDictionary<string, object> _exports;

    internal ComponentInstance(Store store, IReadOnlyDictionary<string, object> exports, Runtime.InstanceState state)
    {
        Store = store;
        _exports = exports;
        State = state;
    }

    /// <summary>The store it lives in.</summary>
    public Store Store { get; }

    /// <summary>Names of all exports.</summary>
    public IEnumerable<string> ExportNames => _exports.Keys;

    internal Runtime.InstanceState State { get; }

    /// <summary>Number of live resource handles in the root instance's handle table (diagnostics and tests).</summary>
    public int HandleCount => State.Handles.Count;

    /// <summary>Drops an own handle the host received from this instance (runs the guest resource's destructor, or the host one).</summary>
    public void DropResource(ComponentValue own)
    {
        ArgumentNullException.ThrowIfNull(own);
        if (own.Kind != ComponentValueKind.Handle || own.IsBorrow) throw new ArgumentException("only own handles can be dropped");
        Runtime.Instantiator.DropResource(own.HandleType, own.HandleRep);
    }

    /// <summary>A world-level exported function (e.g. "exec"), or null.</summary>
    public ComponentFunc? GetFunction(string name) => _exports.GetValueOrDefault(name) as ComponentFunc;

    /// <summary>A function of an exported interface, e.g. ("wasi:cli/run@0.2.0", "run"); the interface name matches semver-compatibly.</summary>
    public ComponentFunc? GetFunction(string interfaceName, string name)
    {
        var key = PackageVersion.FindBest(_exports.Keys, interfaceName);
        return key is not null && _exports[key] is IReadOnlyDictionary<string, object> inst ? inst.GetValueOrDefault(name) as ComponentFunc : null;
    }

    /// <summary>Names of the functions of an exported interface (semver-compatible match), or empty.</summary>
    public IEnumerable<string> GetInterfaceFunctions(string interfaceName)
    {
        var key = PackageVersion.FindBest(_exports.Keys, interfaceName);
        return key is not null && _exports[key] is IReadOnlyDictionary<string, object> inst
            ? inst.Where(kv => kv.Value is ComponentFunc).Select(kv => kv.Key)
            : [];
    }
}
