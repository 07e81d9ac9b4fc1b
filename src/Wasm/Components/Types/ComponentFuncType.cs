namespace PluginHost.Wasm.Components;

/// <summary>A component function type: named parameters and at most one result.</summary>
public sealed class ComponentFuncType(IReadOnlyList<Field> parameters, ValType? result)
{
    /// <summary>Parameters in order.</summary>
    public IReadOnlyList<Field> Params { get; } = parameters;
    /// <summary>The result type, or null.</summary>
    public ValType? Result { get; } = result;
    /// <inheritdoc />
    public override string ToString() =>
        $"func({string.Join(", ", Params.Select(p => $"{p.Name}: {p.Type}"))}){(Result is null ? "" : $" -> {Result}")}";
}
