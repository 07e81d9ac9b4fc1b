using PluginHost.Wasm.Model;
using ValueType = PluginHost.Wasm.Model.ValueType;

namespace PluginHost.Wasm.Binary;

/// <summary>Reads the type encodings of the binary format: value types, reference types, limits, table/memory/global types.</summary>
public static class TypeCodes
{
    /// <summary>True when the byte encodes a value type supported by the engine (not v128).</summary>
    public static bool IsValueType(byte code) =>
        code is (byte)ValueType.I32 or (byte)ValueType.I64 or (byte)ValueType.F32 or (byte)ValueType.F64
            or (byte)ValueType.FuncRef or (byte)ValueType.ExternRef;

    /// <summary>Checks a value type byte that was already read; throws malformed otherwise.</summary>
    public static ValueType ToValueType(ref WasmReader reader, byte code)
    {
        if (IsValueType(code)) return (ValueType)code;
        if (code == (byte)ValueType.V128) throw reader.Malformed("malformed value type: v128 (SIMD) is not supported");
        throw reader.Malformed($"malformed value type 0x{code:x2}");
    }

    /// <summary>Reads a value type.</summary>
    public static ValueType ReadValueType(ref WasmReader reader)
    {
        var code = reader.ReadByte();
        if (IsValueType(code)) return (ValueType)code;
        reader.Position--;
        return ToValueType(ref reader, code);
    }

    /// <summary>Reads a reference type (funcref or externref).</summary>
    public static ValueType ReadRefType(ref WasmReader reader)
    {
        var code = reader.ReadByte();
        if (code is (byte)ValueType.FuncRef or (byte)ValueType.ExternRef) return (ValueType)code;
        reader.Position--;
        throw reader.Malformed("malformed reference type");
    }

    /// <summary>Reads limits: a flag byte, a minimum and an optional maximum.</summary>
    public static Limits ReadLimits(ref WasmReader reader)
    {
        var flag = reader.ReadByte();
        switch (flag)
        {
            case 0x00:
                return new Limits(reader.ReadU32(), null);
            case 0x01:
                var min = reader.ReadU32();
                return new Limits(min, reader.ReadU32());
            default:
                reader.Position--;
                if ((flag & 0x80) != 0) throw reader.Malformed("integer representation too long");
                throw reader.Malformed(flag is 0x02 or 0x03
                    ? "integer too large: shared memories (threads) are not supported"
                    : flag is 0x04 or 0x05 ? "integer too large: 64-bit memories are not supported"
                    : "integer too large: malformed limits flags");
        }
    }

    /// <summary>Reads a table type: reference type then limits.</summary>
    public static TableType ReadTableType(ref WasmReader reader)
    {
        var element = ReadRefType(ref reader);
        return new TableType(element, ReadLimits(ref reader));
    }

    /// <summary>Reads a memory type: limits.</summary>
    public static MemoryType ReadMemoryType(ref WasmReader reader) => new(ReadLimits(ref reader));

    /// <summary>Reads a global type: value type then mutability.</summary>
    public static GlobalType ReadGlobalType(ref WasmReader reader)
    {
        var type = ReadValueType(ref reader);
        var mutability = reader.ReadByte();
        if (mutability > 1)
        {
            reader.Position--;
            throw reader.Malformed("malformed mutability");
        }
        return new GlobalType(type, mutability == 1);
    }
}
