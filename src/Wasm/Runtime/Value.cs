using PluginHost.Wasm.Model;
using ValueType = PluginHost.Wasm.Model.ValueType;

namespace PluginHost.Wasm;

/// <summary>A WebAssembly value: a number (kept as raw bits) or a reference.</summary>
public readonly struct Value : IEquatable<Value>
{
    private readonly long _bits;

    private Value(ValueType type, long bits, object? reference)
    {
        Type = type;
        _bits = bits;
        Ref = reference;
    }

    /// <summary>The value's type.</summary>
    public ValueType Type { get; }
    /// <summary>The reference (a <see cref="Func"/> for funcref, any host object for externref), or null.</summary>
    public object? Ref { get; }
    /// <summary>As i32.</summary>
    public int I32 => (int)_bits;
    /// <summary>As i64.</summary>
    public long I64 => _bits;
    /// <summary>As f32.</summary>
    public float F32 => BitConverter.Int32BitsToSingle((int)_bits);
    /// <summary>As f64.</summary>
    public double F64 => BitConverter.Int64BitsToDouble(_bits);
    /// <summary>The raw bits of a numeric value (f32 in the low 32 bits).</summary>
    public long Bits => _bits;
    /// <summary>True for a null reference.</summary>
    public bool IsNull => Type.IsReference() && Ref is null;

    /// <summary>An i32.</summary>
    public static Value FromI32(int v) => new(ValueType.I32, (uint)v, null);
    /// <summary>An i64.</summary>
    public static Value FromI64(long v) => new(ValueType.I64, v, null);
    /// <summary>An f32.</summary>
    public static Value FromF32(float v) => new(ValueType.F32, (uint)BitConverter.SingleToInt32Bits(v), null);
    /// <summary>An f32 from its bit pattern (keeps NaN payloads).</summary>
    public static Value FromF32Bits(uint bits) => new(ValueType.F32, bits, null);
    /// <summary>An f64.</summary>
    public static Value FromF64(double v) => new(ValueType.F64, BitConverter.DoubleToInt64Bits(v), null);
    /// <summary>An f64 from its bit pattern (keeps NaN payloads).</summary>
    public static Value FromF64Bits(ulong bits) => new(ValueType.F64, (long)bits, null);
    /// <summary>A funcref (null allowed).</summary>
    public static Value FromFunc(Func? func) => new(ValueType.FuncRef, 0, func);
    /// <summary>An externref (null allowed).</summary>
    public static Value FromExtern(object? value) => new(ValueType.ExternRef, 0, value);
    /// <summary>The null reference of a reference type.</summary>
    public static Value Null(ValueType type) => new(type, 0, null);
    /// <summary>The zero/null default of a type.</summary>
    public static Value Default(ValueType type) => new(type, 0, null);

    /// <summary>Same type, bits and reference identity.</summary>
    public bool Equals(Value other) => Type == other.Type && _bits == other._bits && Equals(Ref, other.Ref);
    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Value v && Equals(v);
    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Type, _bits, Ref);

    /// <summary>Text form, e.g. "i32:42".</summary>
    public override string ToString() => Type switch
    {
        ValueType.I32 => $"i32:{I32}",
        ValueType.I64 => $"i64:{I64}",
        ValueType.F32 => $"f32:{F32} (0x{(uint)_bits:x8})",
        ValueType.F64 => $"f64:{F64} (0x{_bits:x16})",
        _ => $"{Type.Name()}:{Ref ?? "null"}",
    };
}
