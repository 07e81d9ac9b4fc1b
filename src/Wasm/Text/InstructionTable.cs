using PluginHost.Wasm.Binary;

namespace PluginHost.Wasm.Text;

/// <summary>What follows an instruction's name in the text format.</summary>
public enum Immediate
{
    /// <summary>Nothing.</summary>
    None,
    /// <summary>A block: label, block type, body, end.</summary>
    Block,
    /// <summary>A label index.</summary>
    Label,
    /// <summary>One or more label indices.</summary>
    BrTable,
    /// <summary>A function index.</summary>
    Func,
    /// <summary>An optional table index and a type use.</summary>
    CallIndirect,
    /// <summary>A local index.</summary>
    Local,
    /// <summary>A global index.</summary>
    Global,
    /// <summary>An optional table index (default 0).</summary>
    Table,
    /// <summary>Two optional table indices (destination, source).</summary>
    TableCopy,
    /// <summary>An optional table index and an element index.</summary>
    TableInit,
    /// <summary>An element segment index.</summary>
    Elem,
    /// <summary>A data segment index (plus memory 0).</summary>
    Data,
    /// <summary>A data segment index (no memory byte).</summary>
    DataDrop,
    /// <summary>offset= and align= with the natural alignment in <see cref="InstructionInfo.Align"/>.</summary>
    MemArg,
    /// <summary>Memory index 0 as one byte.</summary>
    Memory,
    /// <summary>Two memory indices 0 as bytes.</summary>
    MemoryCopy,
    /// <summary>An i32 literal.</summary>
    I32,
    /// <summary>An i64 literal.</summary>
    I64,
    /// <summary>An f32 literal.</summary>
    F32,
    /// <summary>An f64 literal.</summary>
    F64,
    /// <summary>A heap type (func or extern).</summary>
    RefNull,
    /// <summary>Optional (result t*) for typed select.</summary>
    Select,
}

/// <summary>An instruction's encoding (opcode bytes) and immediate kind.</summary>
public sealed record InstructionInfo(byte[] Opcode, Immediate Immediate, int Align = 0);

/// <summary>The text names of all supported instructions.</summary>
public static class InstructionTable
{
    private static readonly Dictionary<string, InstructionInfo> Table = Build();

    /// <summary>The instruction with this name, or null.</summary>
    public static InstructionInfo? Find(string name) => Table.GetValueOrDefault(name);

    private static Dictionary<string, InstructionInfo> Build()
    {
        var table = new Dictionary<string, InstructionInfo>(StringComparer.Ordinal);
        foreach (var op in Enum.GetValues<Opcode>())
        {
            if (op is Opcode.Else or Opcode.End or Opcode.SelectTyped or Opcode.PrefixFC or Opcode.PrefixFD) continue;
            var name = op.Name();
            table[name] = new InstructionInfo([(byte)op], KindOf(op), NaturalAlign(name));
        }
        foreach (var op in Enum.GetValues<PrefixedOpcode>())
        {
            var w = new ByteWriter();
            w.Byte(0xFC);
            w.U32((uint)op);
            table[op.Name()] = new InstructionInfo(w.ToArray(), KindOf(op));
        }
        return table;
    }

    private static Immediate KindOf(Opcode op) => op switch
    {
        Opcode.Block or Opcode.Loop or Opcode.If => Immediate.Block,
        Opcode.Br or Opcode.BrIf => Immediate.Label,
        Opcode.BrTable => Immediate.BrTable,
        Opcode.Call or Opcode.RefFunc => Immediate.Func,
        Opcode.CallIndirect => Immediate.CallIndirect,
        Opcode.LocalGet or Opcode.LocalSet or Opcode.LocalTee => Immediate.Local,
        Opcode.GlobalGet or Opcode.GlobalSet => Immediate.Global,
        Opcode.TableGet or Opcode.TableSet => Immediate.Table,
        >= Opcode.I32Load and <= Opcode.I64Store32 => Immediate.MemArg,
        Opcode.MemorySize or Opcode.MemoryGrow => Immediate.Memory,
        Opcode.I32Const => Immediate.I32,
        Opcode.I64Const => Immediate.I64,
        Opcode.F32Const => Immediate.F32,
        Opcode.F64Const => Immediate.F64,
        Opcode.RefNull => Immediate.RefNull,
        Opcode.Select => Immediate.Select,
        _ => Immediate.None,
    };

    private static Immediate KindOf(PrefixedOpcode op) => op switch
    {
        PrefixedOpcode.MemoryInit => Immediate.Data,
        PrefixedOpcode.DataDrop => Immediate.DataDrop,
        PrefixedOpcode.MemoryCopy => Immediate.MemoryCopy,
        PrefixedOpcode.MemoryFill => Immediate.Memory,
        PrefixedOpcode.TableInit => Immediate.TableInit,
        PrefixedOpcode.ElemDrop => Immediate.Elem,
        PrefixedOpcode.TableCopy => Immediate.TableCopy,
        PrefixedOpcode.TableGrow or PrefixedOpcode.TableSize or PrefixedOpcode.TableFill => Immediate.Table,
        _ => Immediate.None,
    };

    private static int NaturalAlign(string name)
    {
        var dot = name.IndexOf('.');
        if (dot < 0) return 0;
        var op = name[(dot + 1)..];
        if (!op.StartsWith("load", StringComparison.Ordinal) && !op.StartsWith("store", StringComparison.Ordinal)) return 0;
        if (op.Contains("32")) return 4;
        if (op.Contains("16")) return 2;
        if (op.Contains('8')) return 1;
        return name.StartsWith("i64", StringComparison.Ordinal) || name.StartsWith("f64", StringComparison.Ordinal) ? 8 : 4;
    }
}
