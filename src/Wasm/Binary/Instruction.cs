using ValueType = PluginHost.Wasm.Model.ValueType;

namespace PluginHost.Wasm.Binary;

/// <summary>One decoded instruction with its immediates; which fields are meaningful depends on the opcode.</summary>
public struct Instruction
{
    /// <summary>The single-byte opcode (or <see cref="Opcode.PrefixFC"/> for the prefixed ones).</summary>
    public Opcode Opcode;

    /// <summary>The 0xFC sub-opcode; valid when <see cref="Opcode"/> is <see cref="Opcode.PrefixFC"/>.</summary>
    public PrefixedOpcode Prefixed;

    /// <summary>Absolute byte offset of the opcode within the module.</summary>
    public int Offset;

    /// <summary>local/global/func/label/table/data/elem index; call_indirect: type index; memory.init: data index; table.init: elem index; table.copy: destination table; memory.copy: destination memory.</summary>
    public uint Index;

    /// <summary>call_indirect: table index; table.init: table index; table.copy: source table; memory.copy: source memory.</summary>
    public uint Index2;

    /// <summary>Block type of block, loop and if.</summary>
    public BlockType Block;

    /// <summary>Memory immediate of loads and stores.</summary>
    public MemArg Mem;

    /// <summary>i32.const (sign-extended), i64.const, f32.const bits (low 32) or f64.const bits.</summary>
    public long Immediate;

    /// <summary>ref.null's heap type; typed select's first listed type.</summary>
    public ValueType RefType;

    /// <summary>Number of types listed by a typed select (valid only when 1).</summary>
    public int SelectTypeCount;

    /// <summary>br_table's label indices (without the default).</summary>
    public uint[]? BrTableTargets;

    /// <summary>br_table's default label index.</summary>
    public uint BrTableDefault;

    /// <summary>The text-format name of the instruction, for error messages.</summary>
    public readonly string Name => Opcode == Opcode.PrefixFC ? Prefixed.Name() : Opcode.Name();
}
