namespace PluginHost.Wasm;

/// <summary>Why guest execution stopped abnormally.</summary>
public enum TrapKind
{
    /// <summary>The `unreachable` instruction ran.</summary>
    Unreachable,
    /// <summary>A memory access, memory.copy/fill/init or data segment was out of bounds.</summary>
    MemoryOutOfBounds,
    /// <summary>A table access, table.copy/fill/init or element segment was out of bounds.</summary>
    TableOutOfBounds,
    /// <summary>call_indirect found a null (uninitialized) element.</summary>
    IndirectCallToNull,
    /// <summary>call_indirect found a function of another type.</summary>
    BadSignature,
    /// <summary>Signed division overflow (INT_MIN / -1).</summary>
    IntegerOverflow,
    /// <summary>Integer division or remainder by zero.</summary>
    IntegerDivisionByZero,
    /// <summary>A float-to-int truncation of NaN or out of range.</summary>
    BadConversionToInteger,
    /// <summary>The call stack (depth or native stack) was exhausted.</summary>
    StackExhausted,
    /// <summary>The store's deadline or epoch interrupted execution.</summary>
    Interrupted,
    /// <summary>The store ran out of fuel.</summary>
    OutOfFuel,
    /// <summary>A host function failed.</summary>
    HostError,
}
