using PluginHost.Wasm.Binary;
using ValueType = PluginHost.Wasm.Model.ValueType;

namespace PluginHost.Wasm.Validation;

/// <summary>Operand and result types of the fixed-signature numeric instructions, loads and stores.</summary>
internal static class NumericSignatures
{
    /// <summary>A simple signature: one or two operands of the given types and one result.</summary>
    public readonly record struct Signature(int Arity, ValueType A, ValueType B, ValueType Result);

    private static readonly Signature[] Single = Build();

    /// <summary>The signature of a numeric single-byte opcode (0x45..0xC4), or default (Arity 0) if it is not one.</summary>
    public static Signature Of(Opcode op) => Single[(byte)op];

    /// <summary>The signature of a saturating truncation (0xFC 0..7).</summary>
    public static Signature OfTruncSat(PrefixedOpcode op) => op switch
    {
        PrefixedOpcode.I32TruncSatF32S or PrefixedOpcode.I32TruncSatF32U => Unary(ValueType.F32, ValueType.I32),
        PrefixedOpcode.I32TruncSatF64S or PrefixedOpcode.I32TruncSatF64U => Unary(ValueType.F64, ValueType.I32),
        PrefixedOpcode.I64TruncSatF32S or PrefixedOpcode.I64TruncSatF32U => Unary(ValueType.F32, ValueType.I64),
        _ => Unary(ValueType.F64, ValueType.I64),
    };

    /// <summary>Value type and natural alignment exponent (log2 of the access width) of a load or store.</summary>
    public static (ValueType Type, uint MaxAlign, bool IsStore) MemoryAccess(Opcode op) => op switch
    {
        Opcode.I32Load => (ValueType.I32, 2, false),
        Opcode.I64Load => (ValueType.I64, 3, false),
        Opcode.F32Load => (ValueType.F32, 2, false),
        Opcode.F64Load => (ValueType.F64, 3, false),
        Opcode.I32Load8S or Opcode.I32Load8U => (ValueType.I32, 0, false),
        Opcode.I32Load16S or Opcode.I32Load16U => (ValueType.I32, 1, false),
        Opcode.I64Load8S or Opcode.I64Load8U => (ValueType.I64, 0, false),
        Opcode.I64Load16S or Opcode.I64Load16U => (ValueType.I64, 1, false),
        Opcode.I64Load32S or Opcode.I64Load32U => (ValueType.I64, 2, false),
        Opcode.I32Store => (ValueType.I32, 2, true),
        Opcode.I64Store => (ValueType.I64, 3, true),
        Opcode.F32Store => (ValueType.F32, 2, true),
        Opcode.F64Store => (ValueType.F64, 3, true),
        Opcode.I32Store8 => (ValueType.I32, 0, true),
        Opcode.I32Store16 => (ValueType.I32, 1, true),
        Opcode.I64Store8 => (ValueType.I64, 0, true),
        Opcode.I64Store16 => (ValueType.I64, 1, true),
        Opcode.I64Store32 => (ValueType.I64, 2, true),
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, "not a load or store"),
    };

    private static Signature Unary(ValueType a, ValueType result) => new(1, a, default, result);

    private static Signature Binary(ValueType t, ValueType result) => new(2, t, t, result);

    private static Signature[] Build()
    {
        const ValueType I32 = ValueType.I32, I64 = ValueType.I64, F32 = ValueType.F32, F64 = ValueType.F64;
        var table = new Signature[256];
        void Range(int first, int last, Signature sig)
        {
            for (var op = first; op <= last; op++) table[op] = sig;
        }
        Range(0x45, 0x45, Unary(I32, I32));   // i32.eqz
        Range(0x46, 0x4F, Binary(I32, I32));  // i32 comparisons
        Range(0x50, 0x50, Unary(I64, I32));   // i64.eqz
        Range(0x51, 0x5A, Binary(I64, I32));  // i64 comparisons
        Range(0x5B, 0x60, Binary(F32, I32));  // f32 comparisons
        Range(0x61, 0x66, Binary(F64, I32));  // f64 comparisons
        Range(0x67, 0x69, Unary(I32, I32));   // i32 clz ctz popcnt
        Range(0x6A, 0x78, Binary(I32, I32));  // i32 arithmetic
        Range(0x79, 0x7B, Unary(I64, I64));   // i64 clz ctz popcnt
        Range(0x7C, 0x8A, Binary(I64, I64));  // i64 arithmetic
        Range(0x8B, 0x91, Unary(F32, F32));   // f32 unary
        Range(0x92, 0x98, Binary(F32, F32));  // f32 binary
        Range(0x99, 0x9F, Unary(F64, F64));   // f64 unary
        Range(0xA0, 0xA6, Binary(F64, F64));  // f64 binary
        Range(0xA7, 0xA7, Unary(I64, I32));   // i32.wrap_i64
        Range(0xA8, 0xA9, Unary(F32, I32));   // i32.trunc_f32
        Range(0xAA, 0xAB, Unary(F64, I32));   // i32.trunc_f64
        Range(0xAC, 0xAD, Unary(I32, I64));   // i64.extend_i32
        Range(0xAE, 0xAF, Unary(F32, I64));   // i64.trunc_f32
        Range(0xB0, 0xB1, Unary(F64, I64));   // i64.trunc_f64
        Range(0xB2, 0xB3, Unary(I32, F32));   // f32.convert_i32
        Range(0xB4, 0xB5, Unary(I64, F32));   // f32.convert_i64
        Range(0xB6, 0xB6, Unary(F64, F32));   // f32.demote_f64
        Range(0xB7, 0xB8, Unary(I32, F64));   // f64.convert_i32
        Range(0xB9, 0xBA, Unary(I64, F64));   // f64.convert_i64
        Range(0xBB, 0xBB, Unary(F32, F64));   // f64.promote_f32
        Range(0xBC, 0xBC, Unary(F32, I32));   // i32.reinterpret_f32
        Range(0xBD, 0xBD, Unary(F64, I64));   // i64.reinterpret_f64
        Range(0xBE, 0xBE, Unary(I32, F32));   // f32.reinterpret_i32
        Range(0xBF, 0xBF, Unary(I64, F64));   // f64.reinterpret_i64
        Range(0xC0, 0xC1, Unary(I32, I32));   // i32.extend8_s, extend16_s
        Range(0xC2, 0xC4, Unary(I64, I64));   // i64.extend8_s .. extend32_s
        return table;
    }
}
