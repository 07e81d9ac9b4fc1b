using PluginHost.Wasm.Binary;
using ValueType = PluginHost.Wasm.Model.ValueType;

namespace PluginHost.Wasm.Tests.Decoding;

public sealed class InstructionReaderTests
{
    private static List<Instruction> ReadAll(byte[] code, int baseOffset = 100)
    {
        var list = new List<Instruction>();
        var reader = new InstructionReader(code, baseOffset);
        while (!reader.IsAtEnd) list.Add(reader.Read());
        return list;
    }

    [Fact]
    public void DecodesImmediates()
    {
        byte[] code =
        [
            0x41, 0x7F,                         // i32.const -1
            0x42, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7F, // i64.const long.MinValue
            0x43, 0x00, 0x00, 0xC0, 0x3F,       // f32.const 1.5
            0x44, 0, 0, 0, 0, 0, 0, 0xF8, 0x3F, // f64.const 1.5
            0x28, 0x02, 0x10,                   // i32.load align=2 offset=16
            0x11, 0x03, 0x01,                   // call_indirect type 3 table 1
            0x0E, 0x02, 0x00, 0x01, 0x02,       // br_table 0 1 default 2
            0x02, 0x7E,                         // block (result i64)
            0x03, 0x40,                         // loop
            0x04, 0x05,                         // if (type 5)
            0x1C, 0x01, 0x6F,                   // select (result externref)
            0xD0, 0x70,                         // ref.null func
            0xFC, 0x0E, 0x01, 0x02,             // table.copy 1 2
            0xFC, 0x08, 0x07, 0x00,             // memory.init 7
            0xFC, 0x0C, 0x04, 0x03,             // table.init elem 4 table 3
            0x3F, 0x00,                         // memory.size
            0x0B,
        ];
        var ins = ReadAll(code);
        Assert.Equal(100, ins[0].Offset);
        Assert.Equal(-1, ins[0].Immediate);
        Assert.Equal(long.MinValue, ins[1].Immediate);
        Assert.Equal(BitConverter.SingleToUInt32Bits(1.5f), (uint)ins[2].Immediate);
        Assert.Equal(BitConverter.DoubleToInt64Bits(1.5), ins[3].Immediate);
        Assert.Equal(new MemArg(2, 16, 0), ins[4].Mem);
        Assert.Equal((3u, 1u), (ins[5].Index, ins[5].Index2));
        Assert.Equal([0u, 1u], ins[6].BrTableTargets!);
        Assert.Equal(2u, ins[6].BrTableDefault);
        Assert.Equal(new BlockType(ValueType.I64, -1), ins[7].Block);
        Assert.True(ins[8].Block.IsEmpty);
        Assert.Equal(new BlockType(null, 5), ins[9].Block);
        Assert.Equal((ValueType.ExternRef, 1), (ins[10].RefType, ins[10].SelectTypeCount));
        Assert.Equal(ValueType.FuncRef, ins[11].RefType);
        Assert.Equal((PrefixedOpcode.TableCopy, 1u, 2u), (ins[12].Prefixed, ins[12].Index, ins[12].Index2));
        Assert.Equal((PrefixedOpcode.MemoryInit, 7u), (ins[13].Prefixed, ins[13].Index));
        Assert.Equal((4u, 3u), (ins[14].Index, ins[14].Index2));
        Assert.Equal(Opcode.MemorySize, ins[15].Opcode);
        Assert.Equal(Opcode.End, ins[16].Opcode);
        Assert.Equal(100 + code.Length - 1, ins[16].Offset);
    }

    [Fact]
    public void TruncatedImmediateIsUnexpectedEnd()
    {
        var e = Assert.Throws<WasmModuleException>(() => ReadAll([0x44, 0x00, 0x00]));
        Assert.Equal("unexpected end", e.Reason);
        Assert.Equal(ModuleErrorKind.Malformed, e.Kind);
    }
}
