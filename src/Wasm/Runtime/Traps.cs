using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace PluginHost.Wasm;

/// <summary>Throw helpers called from compiled code (kept out of line so hot paths stay small).</summary>
internal static class Traps
{
    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    internal static void Throw(TrapKind kind) => throw new WasmTrapException(kind);

    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    internal static void MemoryOutOfBounds() => throw new WasmTrapException(TrapKind.MemoryOutOfBounds);

    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    internal static void TableOutOfBounds() => throw new WasmTrapException(TrapKind.TableOutOfBounds);

    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    internal static void UndefinedElement() => throw new WasmTrapException(TrapKind.TableOutOfBounds, "undefined element");

    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    internal static void DivideByZero() => throw new WasmTrapException(TrapKind.IntegerDivisionByZero);

    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    internal static void Overflow() => throw new WasmTrapException(TrapKind.IntegerOverflow);

    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    internal static void InvalidConversion() => throw new WasmTrapException(TrapKind.BadConversionToInteger);

    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    internal static void StackExhausted() => throw new WasmTrapException(TrapKind.StackExhausted);

    /// <summary>The exception for the `unreachable` instruction (compiled code throws it itself).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static Exception Unreachable() => new WasmTrapException(TrapKind.Unreachable);

    /// <summary>Called when the store's interrupt flag is set: clears it and traps.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static void Interrupted(InstanceContext ctx)
    {
        ctx.State.Interrupt = 0;
        throw new WasmTrapException(TrapKind.Interrupted);
    }

    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    internal static void OutOfFuel() => throw new WasmTrapException(TrapKind.OutOfFuel);
}
