using System.Runtime.CompilerServices;

namespace PluginHost.Wasm;

/// <summary>Trap factories: callers write `throw Traps.X()` (an explicit throw, so the JIT keeps the failure path cold and out of line).</summary>
internal static class Traps
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static WasmTrapException Trap(TrapKind kind) => new WasmTrapException(kind);

    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static WasmTrapException MemoryOutOfBounds() => new WasmTrapException(TrapKind.MemoryOutOfBounds);

    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static WasmTrapException TableOutOfBounds() => new WasmTrapException(TrapKind.TableOutOfBounds);

    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static WasmTrapException UndefinedElement() => new WasmTrapException(TrapKind.TableOutOfBounds, "undefined element");

    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static WasmTrapException DivideByZero() => new WasmTrapException(TrapKind.IntegerDivisionByZero);

    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static WasmTrapException Overflow() => new WasmTrapException(TrapKind.IntegerOverflow);

    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static WasmTrapException InvalidConversion() => new WasmTrapException(TrapKind.BadConversionToInteger);

    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static WasmTrapException StackExhausted() => new WasmTrapException(TrapKind.StackExhausted);

    /// <summary>The exception for the `unreachable` instruction (compiled code throws it itself).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static Exception Unreachable() => new WasmTrapException(TrapKind.Unreachable);

    /// <summary>Called when the store's interrupt flag is set: clears it and traps.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static WasmTrapException Interrupted(InstanceContext ctx)
    {
        ctx.State.Interrupt = 0;
        return new WasmTrapException(TrapKind.Interrupted);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static WasmTrapException OutOfFuel() => new WasmTrapException(TrapKind.OutOfFuel);
}
