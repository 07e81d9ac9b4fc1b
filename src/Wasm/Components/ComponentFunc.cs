namespace PluginHost.Wasm.Components;

/// <summary>Host implementation of a component function: receives lifted arguments, returns the result (null when the function has none).</summary>
public delegate ComponentValue? ComponentHostFunction(ComponentValue[] args);

/// <summary>A component-level function: a guest export (lifted core function) or a host function, callable with typed values.</summary>
public sealed class ComponentFunc
{
    private readonly Func<ComponentValue[], ComponentValue?> _invoke;

    internal ComponentFunc(string name, ComponentFuncType type, Func<ComponentValue[], ComponentValue?> invoke)
    {
        Name = name;
        Type = type;
        _invoke = invoke;
    }

    /// <summary>The function's name (export or import name).</summary>
    public string Name { get; }

    /// <summary>The function's component type.</summary>
    public ComponentFuncType Type { get; }

    /// <summary>Calls the function; traps surface as <see cref="WasmTrapException"/>, wrong argument values as <see cref="ArgumentException"/>.</summary>
    public ComponentValue? Call(params ComponentValue[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Length != Type.Params.Count)
            throw new ArgumentException($"`{Name}` expects {Type.Params.Count} arguments, got {args.Length}");
        return _invoke(args);
    }

    /// <inheritdoc />
    public override string ToString() => $"{Name}: {Type}";
}
