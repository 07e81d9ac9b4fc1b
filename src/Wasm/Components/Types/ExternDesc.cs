namespace PluginHost.Wasm.Components;

/// <summary>The kind of a component-level import, export or index space.</summary>
public enum ComponentSort
{
    /// <summary>A core module.</summary>
    CoreModule,
    /// <summary>A component function.</summary>
    Func,
    /// <summary>A value (not supported).</summary>
    Value,
    /// <summary>A type.</summary>
    Type,
    /// <summary>A component.</summary>
    Component,
    /// <summary>A component instance.</summary>
    Instance,
}

/// <summary>What an import or export is: its sort and type (a <see cref="ComponentFuncType"/>, <see cref="InstanceShape"/>, <see cref="ComponentShape"/>, a type, or null).</summary>
public sealed record ExternDesc(ComponentSort Sort, object? Type);

/// <summary>An instance type: its exports by name.</summary>
public sealed class InstanceShape
{
    /// <summary>Exports in declaration order.</summary>
    public List<KeyValuePair<string, ExternDesc>> Exports { get; } = new();

    /// <summary>An export by exact name, or null.</summary>
    public ExternDesc? Find(string name)
    {
        foreach (var (n, d) in Exports) if (n == name) return d;
        return null;
    }
}

/// <summary>A component type: its imports and exports.</summary>
public sealed class ComponentShape
{
    /// <summary>Imports in order.</summary>
    public List<KeyValuePair<string, ExternDesc>> Imports { get; } = new();
    /// <summary>Exports in order.</summary>
    public List<KeyValuePair<string, ExternDesc>> Exports { get; } = new();
}

/// <summary>A core module type (only its import and export names are kept).</summary>
internal sealed record CoreModuleShape(Dictionary<string, Model.ExternKind> Exports);

/// <summary>A core function type in a core type index space.</summary>
internal sealed record CoreFuncTypeDef(Model.FuncType Type);
