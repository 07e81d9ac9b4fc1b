using PluginHost.Wasm.Components.Runtime;

namespace PluginHost.Wasm.Components;

/// <summary>Host definitions for component imports, by interface and function name; instantiates components.</summary>
/// <remarks>Interface names are matched semver-compatibly (see <see cref="PackageVersion"/>).</remarks>
public sealed class ComponentLinker
{
    private readonly Dictionary<string, ComponentLinkerInstance> _instances = new(StringComparer.Ordinal);

    /// <summary>Creates an empty linker.</summary>
    public ComponentLinker(Engine engine)
    {
        Engine = engine;
        Root = new ComponentLinkerInstance("");
    }

    /// <summary>The engine.</summary>
    public Engine Engine { get; }

    /// <summary>World-level imports (functions and resources imported directly by name, e.g. "canister-call").</summary>
    public ComponentLinkerInstance Root { get; }

    /// <summary>The definitions for an interface, e.g. "wasi:cli/stdout@0.2.0" (created on first use).</summary>
    public ComponentLinkerInstance Instance(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (!_instances.TryGetValue(name, out var inst)) _instances[name] = inst = new ComponentLinkerInstance(name);
        return inst;
    }

    /// <summary>Defines a world-level function import.</summary>
    public ComponentLinker DefineFunction(string name, ComponentHostFunction function)
    {
        Root.DefineFunction(name, function);
        return this;
    }

    /// <summary>Defines a function of an interface.</summary>
    public ComponentLinker DefineFunction(string interfaceName, string name, ComponentHostFunction function)
    {
        Instance(interfaceName).DefineFunction(name, function);
        return this;
    }

    /// <summary>Names of all host interfaces defined so far.</summary>
    public IEnumerable<string> InstanceNames => _instances.Keys;

    /// <summary>The host interface that satisfies an import name (exact, else highest semver-compatible), or null.</summary>
    public ComponentLinkerInstance? FindInstance(string importName) =>
        PackageVersion.FindBest(_instances.Keys, importName) is { } n ? _instances[n] : null;

    /// <summary>Instantiates the component in the store: resolves its imports, instantiates its core modules and runs start functions.</summary>
    /// <exception cref="WasmLinkException">An import is missing or a core link fails.</exception>
    /// <exception cref="WasmTrapException">A start function trapped.</exception>
    public ComponentInstance Instantiate(Store store, Component component)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(component);
        if (!ReferenceEquals(store.Engine, component.Engine)) throw new ArgumentException("the store and the component belong to different engines");
        try
        {
            return new Instantiator(this, store).InstantiateRoot(component);
        }
        catch (Exception e) when (e is InvalidCastException or ArgumentOutOfRangeException or KeyNotFoundException or NullReferenceException)
        {
            // Index or sort mismatches the decoder's static checks do not cover.
            throw new WasmLinkException($"component could not be instantiated: {e.Message}");
        }
    }
}
