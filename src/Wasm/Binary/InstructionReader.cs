using ValueType = PluginHost.Wasm.Model.ValueType;

namespace PluginHost.Wasm.Binary;

/// <summary>Decodes instructions and their immediates one at a time from a function body or constant expression.</summary>
/// <remarks>Only the binary syntax is checked (illegal opcodes, reserved zero bytes, LEB128 ranges); typing is the validator's job.</remarks>
public ref struct InstructionReader
{
    private WasmReader _reader;

    /// <summary>Creates a reader over instruction bytes that start at baseOffset within the module.</summary>
    public InstructionReader(ReadOnlySpan<byte> code, int baseOffset)
    {
        _reader = new WasmReader(code, baseOffset, "code");
    }

    /// <summary>Section name used in error messages.</summary>
    public string? Section
    {
        readonly get => _reader.Section;
        set => _reader.Section = value;
    }

    /// <summary>Function index used in error messages.</summary>
    public int? FunctionIndex
    {
        readonly get => _reader.FunctionIndex;
        set => _reader.FunctionIndex = value;
    }

    /// <summary>True when every byte was read.</summary>
    public readonly bool IsAtEnd => _reader.IsAtEnd;

    /// <summary>Absolute offset of the next instruction within the module.</summary>
    public readonly int Offset => _reader.Offset;

    /// <summary>Position relative to the start of the code.</summary>
    public readonly int Position => _reader.Position;

    /// <summary>A malformed-module error at the current offset.</summary>
    public readonly WasmModuleException Malformed(string reason) => _reader.Malformed(reason);

    /// <summary>Decodes the next instruction.</summary>
    public Instruction Read()
    {
        var ins = new Instruction { Offset = _reader.Offset };
        var code = _reader.ReadByte();
        ins.Opcode = (Opcode)code;
        switch (ImmediateKinds[code])
        {
            case Immediates.None:
                break;
            case Immediates.Block:
                ins.Block = ReadBlockType();
                break;
            case Immediates.Index:
                ins.Index = _reader.ReadU32();
                break;
            case Immediates.BrTable:
                ReadBrTable(ref ins);
                break;
            case Immediates.TwoIndices:
                ins.Index = _reader.ReadU32();
                ins.Index2 = _reader.ReadU32();
                break;
            case Immediates.SelectTypes:
                ReadSelectTypes(ref ins);
                break;
            case Immediates.MemArg:
                var align = _reader.ReadU32();
                ins.Mem = new MemArg(align, _reader.ReadU32(), 0);
                break;
            case Immediates.ZeroByte:
                ReadZeroByte();
                break;
            case Immediates.I32:
                ins.Immediate = _reader.ReadS32();
                break;
            case Immediates.I64:
                ins.Immediate = _reader.ReadS64();
                break;
            case Immediates.F32:
                ins.Immediate = _reader.ReadF32Bits();
                break;
            case Immediates.F64:
                ins.Immediate = (long)_reader.ReadF64Bits();
                break;
            case Immediates.RefType:
                ins.RefType = TypeCodes.ReadRefType(ref _reader);
                break;
            case Immediates.Prefixed:
                ReadPrefixed(ref ins);
                break;
            case Immediates.Simd:
                _reader.Position--;
                throw _reader.Malformed("illegal opcode 0xfd: SIMD instructions are not supported");
            default:
                _reader.Position--;
                throw _reader.Malformed($"illegal opcode 0x{code:x2}");
        }
        return ins;
    }

    /// <summary>What follows each single-byte opcode.</summary>
    private enum Immediates : byte
    {
        Illegal,
        None,
        Block,
        Index,
        BrTable,
        TwoIndices,
        SelectTypes,
        MemArg,
        ZeroByte,
        I32,
        I64,
        F32,
        F64,
        RefType,
        Prefixed,
        Simd,
    }

    private static readonly Immediates[] ImmediateKinds = BuildImmediateKinds();

    private static Immediates[] BuildImmediateKinds()
    {
        var kinds = new Immediates[256];
        void Set(Immediates kind, params Opcode[] ops)
        {
            foreach (var op in ops) kinds[(byte)op] = kind;
        }
        void Range(Immediates kind, Opcode first, Opcode last)
        {
            for (var op = (int)first; op <= (int)last; op++) kinds[op] = kind;
        }
        Set(Immediates.None, Opcode.Unreachable, Opcode.Nop, Opcode.Else, Opcode.End, Opcode.Return, Opcode.Drop,
            Opcode.Select, Opcode.RefIsNull);
        Set(Immediates.Block, Opcode.Block, Opcode.Loop, Opcode.If);
        Set(Immediates.Index, Opcode.Br, Opcode.BrIf, Opcode.Call, Opcode.LocalGet, Opcode.LocalSet, Opcode.LocalTee,
            Opcode.GlobalGet, Opcode.GlobalSet, Opcode.TableGet, Opcode.TableSet, Opcode.RefFunc);
        Set(Immediates.BrTable, Opcode.BrTable);
        Set(Immediates.TwoIndices, Opcode.CallIndirect);
        Set(Immediates.SelectTypes, Opcode.SelectTyped);
        Range(Immediates.MemArg, Opcode.I32Load, Opcode.I64Store32);
        Set(Immediates.ZeroByte, Opcode.MemorySize, Opcode.MemoryGrow);
        Set(Immediates.I32, Opcode.I32Const);
        Set(Immediates.I64, Opcode.I64Const);
        Set(Immediates.F32, Opcode.F32Const);
        Set(Immediates.F64, Opcode.F64Const);
        Range(Immediates.None, Opcode.I32Eqz, Opcode.I64Extend32S);
        Set(Immediates.RefType, Opcode.RefNull);
        Set(Immediates.Prefixed, Opcode.PrefixFC);
        Set(Immediates.Simd, Opcode.PrefixFD);
        return kinds;
    }

    private BlockType ReadBlockType()
    {
        var first = _reader.PeekByte();
        if (first == 0x40)
        {
            _reader.ReadByte();
            return BlockType.Empty;
        }
        if (TypeCodes.IsValueType(first))
        {
            _reader.ReadByte();
            return new BlockType((ValueType)first, -1);
        }
        if (first == (byte)ValueType.V128) TypeCodes.ToValueType(ref _reader, first);
        var index = _reader.ReadS33();
        if (index < 0) throw _reader.Malformed($"malformed block type 0x{first:x2}");
        if (index > int.MaxValue) throw _reader.Malformed("integer too large: block type index");
        return new BlockType(null, (int)index);
    }

    private void ReadBrTable(ref Instruction ins)
    {
        var count = _reader.ReadU32();
        // Every label takes at least one byte, and the default follows: refuse counts the bytes cannot hold.
        if (count >= (uint)_reader.Remaining) throw _reader.Malformed("unexpected end");
        var targets = new uint[count];
        for (var i = 0; i < targets.Length; i++) targets[i] = _reader.ReadU32();
        ins.BrTableTargets = targets;
        ins.BrTableDefault = _reader.ReadU32();
    }

    private void ReadSelectTypes(ref Instruction ins)
    {
        var count = _reader.ReadU32();
        if (count > (uint)_reader.Remaining) throw _reader.Malformed("unexpected end");
        ins.SelectTypeCount = (int)count;
        for (var i = 0; i < count; i++)
        {
            var type = TypeCodes.ReadValueType(ref _reader);
            if (i == 0) ins.RefType = type;
        }
    }

    private void ReadZeroByte()
    {
        if (_reader.ReadByte() != 0)
        {
            _reader.Position--;
            throw _reader.Malformed("zero byte expected");
        }
    }

    private void ReadPrefixed(ref Instruction ins)
    {
        var subOffset = _reader.Position;
        var sub = _reader.ReadU32();
        ins.Prefixed = (PrefixedOpcode)sub;
        switch ((PrefixedOpcode)sub)
        {
            case >= PrefixedOpcode.I32TruncSatF32S and <= PrefixedOpcode.I64TruncSatF64U:
                break;
            case PrefixedOpcode.MemoryInit:
                ins.Index = _reader.ReadU32();
                ReadZeroByte();
                break;
            case PrefixedOpcode.DataDrop or PrefixedOpcode.ElemDrop:
                ins.Index = _reader.ReadU32();
                break;
            case PrefixedOpcode.MemoryCopy:
                ReadZeroByte();
                ReadZeroByte();
                break;
            case PrefixedOpcode.MemoryFill:
                ReadZeroByte();
                break;
            case PrefixedOpcode.TableInit:
                ins.Index = _reader.ReadU32();
                ins.Index2 = _reader.ReadU32();
                break;
            case PrefixedOpcode.TableCopy:
                ins.Index = _reader.ReadU32();
                ins.Index2 = _reader.ReadU32();
                break;
            case PrefixedOpcode.TableGrow or PrefixedOpcode.TableSize or PrefixedOpcode.TableFill:
                ins.Index = _reader.ReadU32();
                break;
            default:
                _reader.Position = subOffset;
                throw _reader.Malformed($"illegal opcode 0xfc {sub}");
        }
    }
}
