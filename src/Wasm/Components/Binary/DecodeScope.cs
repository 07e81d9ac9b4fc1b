namespace PluginHost.Wasm.Components.Binary;

/// <summary>The index spaces visible while decoding a component, component type or instance type.</summary>
internal sealed class DecodeScope(DecodeScope? parent, bool isComponent)
{
    public DecodeScope? Parent { get; } = parent;
    public bool IsComponent { get; } = isComponent;
    public List<object> Types { get; } = new();
    public List<object> CoreTypes { get; } = new();
    public int CoreFuncs;
    public int CoreTables;
    public int CoreMemories;
    public int CoreGlobals;
    public List<Module> CoreModules { get; } = new();
    public List<Dictionary<string, Model.ExternKind>> CoreInstances { get; } = new();
    public List<ComponentFuncType> Funcs { get; } = new();
    public List<ComponentDefinition> Components { get; } = new();
    public List<InstanceShape> Instances { get; } = new();

    /// <summary>The scope `count` levels out.</summary>
    public DecodeScope? Outer(uint count)
    {
        var s = this;
        for (var i = 0u; i < count && s is not null; i++) s = s.Parent;
        return s;
    }
}
