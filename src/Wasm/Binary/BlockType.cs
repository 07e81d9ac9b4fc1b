using ValueType = PluginHost.Wasm.Model.ValueType;

namespace PluginHost.Wasm.Binary;

/// <summary>The type of a block, loop or if: empty, a single result type, or a type index (multi-value).</summary>
/// <param name="Single">The single result type, when the block type is a value type.</param>
/// <param name="TypeIndex">Type index, or -1 unless the block type is a type index.</param>
public readonly record struct BlockType(ValueType? Single, int TypeIndex)
{
    /// <summary>The empty block type: no parameters, no results.</summary>
    public static readonly BlockType Empty = new(null, -1);

    /// <summary>True for the empty block type.</summary>
    public bool IsEmpty => Single is null && TypeIndex < 0;
}
