using PluginHost.Wasm.Compiler;
using PluginHost.Wasm.Model;

namespace PluginHost.Wasm;

/// <summary>Resolves imports by module and name and instantiates modules (like wasmtime::Linker).</summary>
public sealed class Linker
{
    private readonly Dictionary<(string Module, string Name), object> _definitions = new();

    /// <summary>Creates an empty linker.</summary>
    public Linker(Engine engine) => Engine = engine;

    /// <summary>The engine.</summary>
    public Engine Engine { get; }

    /// <summary>Whether a later definition may replace an earlier one of the same module and name.</summary>
    public bool AllowShadowing { get; set; }

    /// <summary>Defines an import.</summary>
    public Linker Define(string module, string name, Extern item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return Add(module, name, item);
    }

    /// <summary>Defines a host function from a typed delegate (see <see cref="Func.Wrap"/>); bound to each store at instantiation.</summary>
    public Linker DefineFunction(string module, string name, Delegate callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return Add(module, name, new HostDefinition(HostSignature.Of(callback.GetType()).Type, callback, null));
    }

    /// <summary>Defines a host function with an untyped callback.</summary>
    public Linker DefineFunction(string module, string name, FuncType type, HostFunctionCallback callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return Add(module, name, new HostDefinition(type, null, callback));
    }

    /// <summary>Defines every export of an instance under a module name.</summary>
    public Linker DefineInstance(string module, Instance instance)
    {
        foreach (var (name, item) in instance.Exports) Add(module, name, item);
        return this;
    }

    /// <summary>Whether something is defined under the module and name.</summary>
    public bool IsDefined(string module, string name) => _definitions.ContainsKey((module, name));

    /// <summary>Resolves the module's imports, instantiates it and runs its start function; throws <see cref="WasmLinkException"/> for missing or mistyped imports and <see cref="WasmTrapException"/> if instantiation traps.</summary>
    public Instance Instantiate(Store store, Module module)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(module);
        var imports = module.Info.Imports;
        var resolved = new Extern[imports.Count];
        for (var i = 0; i < imports.Count; i++)
        {
            var import = imports[i];
            if (!_definitions.TryGetValue((import.Module, import.Name), out var definition))
                throw new WasmLinkException($"unknown import: `{import.Module}`.`{import.Name}` has not been defined");
            var item = definition switch
            {
                HostDefinition host => Bind(store, host),
                _ => (Extern)definition,
            };
            ImportCheck.Check(module.Info, import, item);
            resolved[i] = item;
        }
        return Instance.Create(store, module, resolved);
    }

    private static Func Bind(Store store, HostDefinition host)
    {
        if (!store.BoundHostFunctions.TryGetValue(host, out var func))
        {
            func = host.Typed is not null ? Func.Wrap(store, host.Typed) : Func.FromCallback(store, host.Type, host.Callback!);
            store.BoundHostFunctions[host] = func;
        }
        return func;
    }

    private Linker Add(string module, string name, object definition)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(name);
        if (!AllowShadowing && _definitions.ContainsKey((module, name)))
            throw new WasmLinkException($"import `{module}`.`{name}` is already defined");
        _definitions[(module, name)] = definition;
        return this;
    }

    private sealed record HostDefinition(FuncType Type, Delegate? Typed, HostFunctionCallback? Callback);
}
