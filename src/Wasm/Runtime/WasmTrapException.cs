namespace PluginHost.Wasm;

/// <summary>A trap raised by guest code (or a host function on its behalf).</summary>
public sealed class WasmTrapException : Exception
{
    /// <summary>Creates a trap of the given kind.</summary>
    public WasmTrapException(TrapKind kind, string? message = null, Exception? inner = null)
        : base(message ?? DefaultMessage(kind), inner)
    {
        Kind = kind;
    }

    /// <summary>Which trap this is.</summary>
    public TrapKind Kind { get; }

    /// <summary>The wasm call stack at the trap, innermost first, with function names when known; null if not captured.</summary>
    public string? WasmBacktrace { get; set; }

    /// <summary>The spec's wording for each trap kind (as the spec test suite expects it).</summary>
    public static string DefaultMessage(TrapKind kind) => kind switch
    {
        TrapKind.Unreachable => "unreachable",
        TrapKind.MemoryOutOfBounds => "out of bounds memory access",
        TrapKind.TableOutOfBounds => "out of bounds table access",
        TrapKind.IndirectCallToNull => "uninitialized element",
        TrapKind.BadSignature => "indirect call type mismatch",
        TrapKind.IntegerOverflow => "integer overflow",
        TrapKind.IntegerDivisionByZero => "integer divide by zero",
        TrapKind.BadConversionToInteger => "invalid conversion to integer",
        TrapKind.StackExhausted => "call stack exhausted",
        TrapKind.Interrupted => "interrupted",
        TrapKind.OutOfFuel => "all fuel consumed",
        TrapKind.HostError => "host function error",
        _ => kind.ToString(),
    };
}
