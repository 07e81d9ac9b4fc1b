namespace PluginHost.Wasm.Components;

/// <summary>Handles calls to functions of an interface the host does not implement one by one (e.g. to refuse them all); `resolve` maps the function's declared resource types to runtime types (to return own handles).</summary>
public delegate ComponentValue? ComponentFallbackFunction(string functionName, ComponentFuncType type, ComponentValue[] args, Func<ResourceTypeDef, ResourceType?> resolve);

/// <summary>Host definitions for one imported interface (e.g. "wasi:cli/stdout@0.2.0") or for the world root ("").</summary>
public sealed class ComponentLinkerInstance
{
    private readonly Dictionary<string, ComponentHostFunction> _functions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ResourceType> _resources = new(StringComparer.Ordinal);

    internal ComponentLinkerInstance(string name) => Name = name;

    /// <summary>The interface name with version, or "" for world-level imports.</summary>
    public string Name { get; }

    /// <summary>Answers calls to functions that are not defined individually; resources not defined are then created on demand.</summary>
    public ComponentFallbackFunction? Fallback { get; set; }

    /// <summary>Defines a function by its import name (e.g. "get-stdout", "[method]output-stream.write", "canister-call").</summary>
    public ComponentLinkerInstance DefineFunction(string name, ComponentHostFunction function)
    {
        ArgumentNullException.ThrowIfNull(function);
        _functions[name] = function;
        return this;
    }

    /// <summary>Defines a resource type; the destructor runs with the rep when a guest drops its last own handle.</summary>
    public ResourceType DefineResource(string name, Action<uint>? destructor = null)
    {
        var type = ResourceType.Host(name, destructor);
        _resources[name] = type;
        return type;
    }

    /// <summary>Defines a method: the function "[method]resource.name" (first argument is the borrowed self).</summary>
    public ComponentLinkerInstance DefineMethod(string resource, string name, ComponentHostFunction function) =>
        DefineFunction($"[method]{resource}.{name}", function);

    /// <summary>Defines a constructor: the function "[constructor]resource".</summary>
    public ComponentLinkerInstance DefineConstructor(string resource, ComponentHostFunction function) =>
        DefineFunction($"[constructor]{resource}", function);

    /// <summary>Defines a static function: "[static]resource.name".</summary>
    public ComponentLinkerInstance DefineStatic(string resource, string name, ComponentHostFunction function) =>
        DefineFunction($"[static]{resource}.{name}", function);

    /// <summary>A defined function, or null.</summary>
    public ComponentHostFunction? GetFunction(string name) => _functions.GetValueOrDefault(name);

    /// <summary>A defined resource type, or null.</summary>
    public ResourceType? GetResource(string name) => _resources.GetValueOrDefault(name);

    internal ResourceType ResolveResource(string name)
    {
        if (_resources.TryGetValue(name, out var r)) return r;
        if (Fallback is null) throw new WasmLinkException($"import `{Name}` needs resource type `{name}`, which the host does not define");
        return _resources[name] = ResourceType.Host(name);
    }
}
