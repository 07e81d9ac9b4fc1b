using System.Runtime.CompilerServices;

namespace PluginHost.Wasm.Compiler;

/// <summary>Numeric instructions with wasm semantics that IL lacks (trapping division, IEEE min/max, exact conversions).</summary>
internal static class NumericOps
{
    private const MethodImplOptions Inline = MethodImplOptions.AggressiveInlining;

    [MethodImpl(Inline)] internal static int I32DivS(int a, int b)
    {
        if (b == 0) throw Traps.DivideByZero();
        if (b == -1 && a == int.MinValue) throw Traps.Overflow();
        return a / b;
    }

    [MethodImpl(Inline)] internal static int I32DivU(int a, int b)
    {
        if (b == 0) throw Traps.DivideByZero();
        return (int)((uint)a / (uint)b);
    }

    [MethodImpl(Inline)] internal static int I32RemS(int a, int b)
    {
        if (b == 0) throw Traps.DivideByZero();
        return b == -1 ? 0 : a % b;
    }

    [MethodImpl(Inline)] internal static int I32RemU(int a, int b)
    {
        if (b == 0) throw Traps.DivideByZero();
        return (int)((uint)a % (uint)b);
    }

    [MethodImpl(Inline)] internal static long I64DivS(long a, long b)
    {
        if (b == 0) throw Traps.DivideByZero();
        if (b == -1 && a == long.MinValue) throw Traps.Overflow();
        return a / b;
    }

    [MethodImpl(Inline)] internal static long I64DivU(long a, long b)
    {
        if (b == 0) throw Traps.DivideByZero();
        return (long)((ulong)a / (ulong)b);
    }

    [MethodImpl(Inline)] internal static long I64RemS(long a, long b)
    {
        if (b == 0) throw Traps.DivideByZero();
        return b == -1 ? 0 : a % b;
    }

    [MethodImpl(Inline)] internal static long I64RemU(long a, long b)
    {
        if (b == 0) throw Traps.DivideByZero();
        return (long)((ulong)a % (ulong)b);
    }

    [MethodImpl(Inline)] internal static float F32Abs(float a) => BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(a) & 0x7FFFFFFF);
    [MethodImpl(Inline)] internal static float F32Neg(float a) => BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(a) ^ int.MinValue);
    [MethodImpl(Inline)] internal static float F32Copysign(float a, float b) => BitConverter.Int32BitsToSingle(
        (BitConverter.SingleToInt32Bits(a) & 0x7FFFFFFF) | (BitConverter.SingleToInt32Bits(b) & int.MinValue));
    [MethodImpl(Inline)] internal static double F64Abs(double a) => BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(a) & long.MaxValue);
    [MethodImpl(Inline)] internal static double F64Neg(double a) => BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(a) ^ long.MinValue);
    [MethodImpl(Inline)] internal static double F64Copysign(double a, double b) => BitConverter.Int64BitsToDouble(
        (BitConverter.DoubleToInt64Bits(a) & long.MaxValue) | (BitConverter.DoubleToInt64Bits(b) & long.MinValue));

    [MethodImpl(Inline)] internal static float F32Min(float a, float b)
    {
        if (a < b) return a;
        if (b < a) return b;
        if (a == b) return BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(a) | BitConverter.SingleToInt32Bits(b));
        return a + b; // a NaN operand: propagate (quieted)
    }

    [MethodImpl(Inline)] internal static float F32Max(float a, float b)
    {
        if (a > b) return a;
        if (b > a) return b;
        if (a == b) return BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(a) & BitConverter.SingleToInt32Bits(b));
        return a + b;
    }

    [MethodImpl(Inline)] internal static double F64Min(double a, double b)
    {
        if (a < b) return a;
        if (b < a) return b;
        if (a == b) return BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(a) | BitConverter.DoubleToInt64Bits(b));
        return a + b;
    }

    [MethodImpl(Inline)] internal static double F64Max(double a, double b)
    {
        if (a > b) return a;
        if (b > a) return b;
        if (a == b) return BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(a) & BitConverter.DoubleToInt64Bits(b));
        return a + b;
    }

    /// <summary>f32.demote_f64 kept out of line so the JIT cannot cancel it against a preceding promote (which must quiet NaNs).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)] internal static float F32DemoteOpaque(double a) => (float)a;

    [MethodImpl(Inline)] internal static float F32Nearest(float a) => MathF.Round(a, MidpointRounding.ToEven);
    [MethodImpl(Inline)] internal static double F64Nearest(double a) => Math.Round(a, MidpointRounding.ToEven);

    // Trapping truncations: NaN -> invalid conversion, out of range -> integer overflow (spec wording).
    [MethodImpl(Inline)] internal static int I32TruncF32S(float a)
    {
        if (!(a >= -2147483648f && a < 2147483648f)) throw TruncFail(a);
        return (int)a;
    }

    [MethodImpl(Inline)] internal static int I32TruncF32U(float a)
    {
        if (!(a > -1f && a < 4294967296f)) throw TruncFail(a);
        return (int)(uint)a;
    }

    [MethodImpl(Inline)] internal static int I32TruncF64S(double a)
    {
        if (!(a > -2147483649.0 && a < 2147483648.0)) throw TruncFail(a);
        return (int)a;
    }

    [MethodImpl(Inline)] internal static int I32TruncF64U(double a)
    {
        if (!(a > -1.0 && a < 4294967296.0)) throw TruncFail(a);
        return (int)(uint)a;
    }

    [MethodImpl(Inline)] internal static long I64TruncF32S(float a)
    {
        if (!(a >= -9223372036854775808f && a < 9223372036854775808f)) throw TruncFail(a);
        return (long)a;
    }

    [MethodImpl(Inline)] internal static long I64TruncF32U(float a)
    {
        if (!(a > -1f && a < 18446744073709551616f)) throw TruncFail(a);
        return (long)(ulong)a;
    }

    [MethodImpl(Inline)] internal static long I64TruncF64S(double a)
    {
        if (!(a >= -9223372036854775808.0 && a < 9223372036854775808.0)) throw TruncFail(a);
        return (long)a;
    }

    [MethodImpl(Inline)] internal static long I64TruncF64U(double a)
    {
        if (!(a > -1.0 && a < 18446744073709551616.0)) throw TruncFail(a);
        return (long)(ulong)a;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WasmTrapException TruncFail(double a) => double.IsNaN(a) ? Traps.InvalidConversion() : Traps.Overflow();

    // Saturating truncations.
    [MethodImpl(Inline)] internal static int I32TruncSatF32S(float a) =>
        float.IsNaN(a) ? 0 : a <= -2147483648f ? int.MinValue : a >= 2147483648f ? int.MaxValue : (int)a;
    [MethodImpl(Inline)] internal static int I32TruncSatF32U(float a) =>
        float.IsNaN(a) || a <= 0 ? 0 : a >= 4294967296f ? -1 : (int)(uint)a;
    [MethodImpl(Inline)] internal static int I32TruncSatF64S(double a) =>
        double.IsNaN(a) ? 0 : a <= -2147483648.0 ? int.MinValue : a >= 2147483648.0 ? int.MaxValue : (int)a;
    [MethodImpl(Inline)] internal static int I32TruncSatF64U(double a) =>
        double.IsNaN(a) || a <= 0 ? 0 : a >= 4294967296.0 ? -1 : (int)(uint)a;
    [MethodImpl(Inline)] internal static long I64TruncSatF32S(float a) =>
        float.IsNaN(a) ? 0 : a <= -9223372036854775808f ? long.MinValue : a >= 9223372036854775808f ? long.MaxValue : (long)a;
    [MethodImpl(Inline)] internal static long I64TruncSatF32U(float a) =>
        float.IsNaN(a) || a <= 0 ? 0 : a >= 18446744073709551616f ? -1 : (long)(ulong)a;
    [MethodImpl(Inline)] internal static long I64TruncSatF64S(double a) =>
        double.IsNaN(a) ? 0 : a <= -9223372036854775808.0 ? long.MinValue : a >= 9223372036854775808.0 ? long.MaxValue : (long)a;
    [MethodImpl(Inline)] internal static long I64TruncSatF64U(double a) =>
        double.IsNaN(a) || a <= 0 ? 0 : a >= 18446744073709551616.0 ? -1 : (long)(ulong)a;

    // Integer-to-float conversions rounded once (no double rounding through f64).
    [MethodImpl(Inline)] internal static float F32ConvertI64S(long a)
    {
        // |a| < 2^53 converts exactly to double, so one rounding to float follows.
        if (a > -(1L << 53) && a < (1L << 53)) return (float)(double)a;
        return F32FromLargeMagnitude(a < 0 ? (ulong)(-a) : (ulong)a, a < 0);
    }

    [MethodImpl(Inline)] internal static float F32ConvertI64U(long a)
    {
        var u = (ulong)a;
        if (u < (1UL << 53)) return (float)(double)u;
        return F32FromLargeMagnitude(u, false);
    }

    private static float F32FromLargeMagnitude(ulong u, bool negative)
    {
        // Keep 53 significant bits with a sticky bit for the discarded ones, then round once to float.
        var shift = 64 - System.Numerics.BitOperations.LeadingZeroCount(u) - 53;
        if (shift > 0)
        {
            var sticky = (u & ((1UL << shift) - 1)) != 0 ? 1UL : 0UL;
            u = (u >> shift) | sticky;
        }
        else shift = 0;
        var d = (double)u * Math.Pow(2, shift);
        var f = (float)d;
        return negative ? -f : f;
    }

    [MethodImpl(Inline)] internal static double F64ConvertI64U(long a)
    {
        var u = (ulong)a;
        if ((long)u >= 0) return (double)(long)u;
        var half = (u >> 1) | (u & 1);
        return (double)(long)half * 2.0;
    }
}
