namespace PluginHost.Wasm.Model;

/// <summary>A WebAssembly value type, with its binary-format code as the value.</summary>
public enum ValueType : byte
{
    /// <summary>32-bit integer.</summary>
    I32 = 0x7F,
    /// <summary>64-bit integer.</summary>
    I64 = 0x7E,
    /// <summary>32-bit IEEE float.</summary>
    F32 = 0x7D,
    /// <summary>64-bit IEEE float.</summary>
    F64 = 0x7C,
    /// <summary>128-bit vector (decoded, not executed: SIMD is not supported yet).</summary>
    V128 = 0x7B,
    /// <summary>Nullable reference to a function.</summary>
    FuncRef = 0x70,
    /// <summary>Nullable opaque host reference.</summary>
    ExternRef = 0x6F,
}

/// <summary>Helpers on <see cref="ValueType"/>.</summary>
public static class ValueTypes
{
    /// <summary>True for funcref and externref.</summary>
    public static bool IsReference(this ValueType type) => type is ValueType.FuncRef or ValueType.ExternRef;

    /// <summary>The text-format name of the type, e.g. "i32" or "funcref".</summary>
    public static string Name(this ValueType type) => type switch
    {
        ValueType.I32 => "i32",
        ValueType.I64 => "i64",
        ValueType.F32 => "f32",
        ValueType.F64 => "f64",
        ValueType.V128 => "v128",
        ValueType.FuncRef => "funcref",
        ValueType.ExternRef => "externref",
        _ => $"0x{(byte)type:x2}",
    };
}
