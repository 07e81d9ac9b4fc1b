namespace PluginHost.Wasm.Wast;

/// <summary>Matches a trap against the spec suite's expected text.</summary>
internal static class TrapText
{
    // The spec's trap texts and the trap kind each stands for. "undefined element" is call_indirect past the
    // end of the table; "uninitialized element" is call_indirect on a null entry: two different kinds.
    private static readonly (string Text, TrapKind Kind)[] Kinds =
    [
        ("unreachable", TrapKind.Unreachable),
        ("out of bounds memory access", TrapKind.MemoryOutOfBounds),
        ("memory access out of bounds", TrapKind.MemoryOutOfBounds),
        ("out of bounds table access", TrapKind.TableOutOfBounds),
        ("undefined element", TrapKind.TableOutOfBounds),
        ("uninitialized element", TrapKind.IndirectCallToNull),
        ("indirect call type mismatch", TrapKind.BadSignature),
        ("indirect call signature mismatch", TrapKind.BadSignature),
        ("integer overflow", TrapKind.IntegerOverflow),
        ("integer divide by zero", TrapKind.IntegerDivisionByZero),
        ("invalid conversion to integer", TrapKind.BadConversionToInteger),
        ("call stack exhausted", TrapKind.StackExhausted),
    ];

    /// <summary>True when the trap is the one the text names: its message starts with the text, or the text names its kind.</summary>
    public static bool Matches(string? expected, WasmTrapException trap)
    {
        if (string.IsNullOrEmpty(expected)) return true;
        if (trap.Message.StartsWith(expected, StringComparison.Ordinal)) return true;
        foreach (var (text, kind) in Kinds)
            if (expected.StartsWith(text, StringComparison.Ordinal)) return trap.Kind == kind;
        return false;
    }

    /// <summary>Text form of a trap, e.g. "trap \"unreachable\" (Unreachable)".</summary>
    public static string Describe(WasmTrapException trap) => $"trap \"{trap.Message}\" ({trap.Kind})";
}
