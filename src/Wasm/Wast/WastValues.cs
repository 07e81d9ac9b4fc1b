using System.Globalization;
using System.Text.Json;
using PluginHost.Wasm.Model;
using ValueType = PluginHost.Wasm.Model.ValueType;

namespace PluginHost.Wasm.Wast;

/// <summary>Turns script values into engine values and checks results against expectations.</summary>
internal sealed class WastValues
{
    private const uint F32CanonicalNan = 0x7fc0_0000;
    private const ulong F64CanonicalNan = 0x7ff8_0000_0000_0000;

    private readonly Dictionary<ulong, HostRef> _hostRefs = new();

    /// <summary>The engine value of an argument.</summary>
    public Value ToValue(WastValue v)
    {
        var text = Text(v) ?? throw new WastCommandException($"argument of type {v.Type} has no value");
        return v.Type switch
        {
            "i32" => Value.FromI32((int)ParseBits(text, v.Type)),
            "i64" => Value.FromI64((long)ParseBits(text, v.Type)),
            "f32" => Value.FromF32Bits((uint)ParseBits(text, v.Type)),
            "f64" => Value.FromF64Bits(ParseBits(text, v.Type)),
            "funcref" when text == "null" => Value.Null(ValueType.FuncRef),
            "externref" when text == "null" => Value.Null(ValueType.ExternRef),
            "externref" => Value.FromExtern(HostRefFor(ParseBits(text, v.Type))),
            _ => throw new WastCommandException($"unsupported argument type {v.Type}"),
        };
    }

    /// <summary>True when the actual value is what the expectation describes.</summary>
    public bool Matches(WastValue expected, Value actual)
    {
        var text = Text(expected);
        switch (expected.Type)
        {
            case "i32":
                return actual.Type == ValueType.I32 && (uint)actual.I32 == (uint)ParseBits(text!, "i32");
            case "i64":
                return actual.Type == ValueType.I64 && (ulong)actual.I64 == ParseBits(text!, "i64");
            case "f32":
            {
                if (actual.Type != ValueType.F32) return false;
                var bits = (uint)actual.Bits;
                return text switch
                {
                    "nan:canonical" => (bits & 0x7fff_ffff) == F32CanonicalNan,
                    "nan:arithmetic" => (bits & F32CanonicalNan) == F32CanonicalNan,
                    _ => bits == (uint)ParseBits(text!, "f32"),
                };
            }
            case "f64":
            {
                if (actual.Type != ValueType.F64) return false;
                var bits = (ulong)actual.Bits;
                return text switch
                {
                    "nan:canonical" => (bits & 0x7fff_ffff_ffff_ffff) == F64CanonicalNan,
                    "nan:arithmetic" => (bits & F64CanonicalNan) == F64CanonicalNan,
                    _ => bits == ParseBits(text!, "f64"),
                };
            }
            case "funcref":
                if (actual.Type != ValueType.FuncRef) return false;
                return text == "null" ? actual.IsNull : !actual.IsNull;
            case "externref":
                if (actual.Type != ValueType.ExternRef) return false;
                if (text == "null") return actual.IsNull;
                if (text is null) return !actual.IsNull;
                return actual.Ref is HostRef h && h.Id == ParseBits(text, "externref");
            default:
                throw new WastCommandException($"unsupported result type {expected.Type}");
        }
    }

    /// <summary>Text form of an expectation, e.g. "i32:42" or "f32:nan:canonical".</summary>
    public static string Format(WastValue v)
    {
        var text = Text(v);
        if (text is null) return v.Type is "funcref" or "externref" ? $"{v.Type}:non-null" : v.Type;
        if (text == "null" || text.StartsWith("nan:", StringComparison.Ordinal)) return $"{v.Type}:{text}";
        if (!ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var bits)) return $"{v.Type}:{text}";
        return v.Type switch
        {
            "i32" => $"i32:{(int)(uint)bits}",
            "i64" => $"i64:{(long)bits}",
            "f32" => $"f32:{FormatF32((uint)bits)}",
            "f64" => $"f64:{FormatF64(bits)}",
            "externref" => $"externref:ref.extern {bits}",
            _ => $"{v.Type}:{text}",
        };
    }

    /// <summary>Text form of an engine value, e.g. "i32:42" or "externref:ref.extern 1".</summary>
    public static string Format(Value v) => v.Type switch
    {
        ValueType.I32 => $"i32:{v.I32}",
        ValueType.I64 => $"i64:{v.I64}",
        ValueType.F32 => $"f32:{FormatF32((uint)v.Bits)}",
        ValueType.F64 => $"f64:{FormatF64((ulong)v.Bits)}",
        ValueType.FuncRef => v.IsNull ? "funcref:null" : "funcref:ref.func",
        ValueType.ExternRef => v.IsNull ? "externref:null" : $"externref:{v.Ref}",
        _ => v.ToString(),
    };

    /// <summary>Text form of a list of values, e.g. "(i32:1, i64:2)".</summary>
    public static string Format(IEnumerable<string> values) => $"({string.Join(", ", values)})";

    private static string FormatF32(uint bits) =>
        $"{BitConverter.UInt32BitsToSingle(bits).ToString("R", CultureInfo.InvariantCulture)} (0x{bits:x8})";

    private static string FormatF64(ulong bits) =>
        $"{BitConverter.UInt64BitsToDouble(bits).ToString("R", CultureInfo.InvariantCulture)} (0x{bits:x16})";

    private HostRef HostRefFor(ulong id)
    {
        if (!_hostRefs.TryGetValue(id, out var hostRef)) _hostRefs[id] = hostRef = new HostRef(id);
        return hostRef;
    }

    private static string? Text(WastValue v) => v.Value switch
    {
        null => null,
        { ValueKind: JsonValueKind.String } e => e.GetString(),
        { ValueKind: JsonValueKind.Array } => throw new WastCommandException($"{v.Type} lane values are not supported (SIMD)"),
        var e => e.Value.ToString(),
    };

    private static ulong ParseBits(string text, string type) =>
        ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var bits)
            ? bits
            : throw new WastCommandException($"bad {type} value \"{text}\" in the script");
}
