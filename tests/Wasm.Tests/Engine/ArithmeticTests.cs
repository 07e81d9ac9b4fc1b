using static PluginHost.Wasm.Tests.Engine.Wat;

namespace PluginHost.Wasm.Tests.Engine;

public sealed class ArithmeticTests
{
    private readonly Instance _m = Instantiate("arith");

    [Fact]
    public void IntegerOpsWrapAndMaskLikeWasm()
    {
        Assert.Equal(int.MinValue, _m.Call1("add", I32(int.MaxValue), I32(1)).I32);
        Assert.Equal(2, _m.Call1("shl", I32(1), I32(33)).I32);
        Assert.Equal(unchecked((long)0x8000000000000000UL), _m.Call1("rotl64", I64(1), I64(63)).I64);
        Assert.Equal(32, _m.Call1("clz", I32(0)).I32);
        Assert.Equal(64L, _m.Call1("ctz64", I64(0)).I64);
        Assert.Equal(32, _m.Call1("popcnt", I32(-1)).I32);
        Assert.Equal(-128, _m.Call1("extend8", I32(0x80)).I32);
        Assert.Equal(2147483647, _m.Call1("div_u", I32(-1), I32(2)).I32);
        Assert.Equal(-3, _m.Call1("div_s", I32(-7), I32(2)).I32);
    }

    [Fact]
    public void DivisionTrapsAndRemainderOfMinByMinusOneIsZero()
    {
        Assert.Equal(TrapKind.IntegerDivisionByZero, _m.Traps("div_s", I32(1), I32(0)).Kind);
        Assert.Equal(TrapKind.IntegerDivisionByZero, _m.Traps("rem_s", I32(1), I32(0)).Kind);
        Assert.Equal(TrapKind.IntegerOverflow, _m.Traps("div_s", I32(int.MinValue), I32(-1)).Kind);
        Assert.Equal(TrapKind.IntegerOverflow, _m.Traps("div_s64", I64(long.MinValue), I64(-1)).Kind);
        Assert.Equal(0, _m.Call1("rem_s", I32(int.MinValue), I32(-1)).I32);
        Assert.Equal(0L, _m.Call1("rem_s64", I64(long.MinValue), I64(-1)).I64);
        Assert.Equal("integer divide by zero", _m.Traps("div_u", I32(1), I32(0)).Message);
    }

    [Fact]
    public void FloatConversionsTrapOrSaturate()
    {
        Assert.Equal(TrapKind.BadConversionToInteger, _m.Traps("trunc_f32_s", F32(float.NaN)).Kind);
        Assert.Equal(TrapKind.IntegerOverflow, _m.Traps("trunc_f32_s", F32(2147483648f)).Kind);
        Assert.Equal(-2147483648, _m.Call1("trunc_f32_s", F32(-2147483648f)).I32);
        Assert.Equal(-1L, _m.Call1("trunc_f64_u", F64(18446744073709549568.0)).I64 | 0x7FF);
        Assert.Equal(TrapKind.IntegerOverflow, _m.Traps("trunc_f64_u", F64(-1.0)).Kind);
        Assert.Equal(0L, _m.Call1("trunc_f64_u", F64(-0.9)).I64);
        Assert.Equal(int.MaxValue, _m.Call1("trunc_sat_f64_s", F64(1e30)).I32);
        Assert.Equal(int.MinValue, _m.Call1("trunc_sat_f64_s", F64(double.NegativeInfinity)).I32);
        Assert.Equal(0, _m.Call1("trunc_sat_f64_s", F64(double.NaN)).I32);
    }

    [Fact]
    public void FloatSemanticsFollowIeeeAndWasm()
    {
        Assert.Equal(BitConverter.SingleToInt32Bits(-0f), BitConverter.SingleToInt32Bits(_m.Call1("f32_min", F32(0f), F32(-0f)).F32));
        Assert.Equal(BitConverter.DoubleToInt64Bits(0.0), BitConverter.DoubleToInt64Bits(_m.Call1("f64_max", F64(-0.0), F64(0.0)).F64));
        Assert.True(float.IsNaN(_m.Call1("f32_min", F32(float.NaN), F32(1f)).F32));
        Assert.True(double.IsNaN(_m.Call1("f64_max", F64(1), F64(double.NaN)).F64));
        Assert.Equal(2f, _m.Call1("f32_nearest", F32(2.5f)).F32);
        Assert.Equal(-4f, _m.Call1("f32_nearest", F32(-3.5f)).F32);
        // neg keeps a signalling NaN payload bit for bit.
        var snan = Value.FromF32Bits(0x7FA00001);
        Assert.Equal(0xFFA00001L, _m.Call1("f32_neg", snan).Bits & 0xFFFFFFFF);
        Assert.Equal(16777216f, _m.Call1("f32_add", F32(16777216f), F32(1f)).F32);
        // 2^64-1 rounds to 2^64 as f32; 0x8000_0080_0000_0001 must round up (double rounding would round to even down).
        Assert.Equal(18446744073709551616f, _m.Call1("f32_convert_u64", I64(-1)).F32);
        Assert.Equal(9223373136366403584f, _m.Call1("f32_convert_u64", I64(unchecked((long)0x8000008000000001UL))).F32);
        Assert.Equal(18446744073709551616.0, _m.Call1("f64_convert_u64", I64(-1)).F64);
        Assert.Equal(0, _m.Call1("f32_le", F32(float.NaN), F32(1)).I32);
        Assert.Equal(1, _m.Call1("f32_le", F32(1), F32(1)).I32);
    }

    [Fact]
    public void ControlFlowAndCalls()
    {
        Assert.Equal(3628800L, _m.Call1("fac", I64(10)).I64);
        Assert.Equal(6765, _m.Call1("fib", I32(20)).I32);
        Assert.Equal(5050, _m.Call1("sum_to", I32(100)).I32);
        Assert.Equal(10, _m.Call1("switch", I32(0)).I32);
        Assert.Equal(12, _m.Call1("switch", I32(2)).I32);
        Assert.Equal(13, _m.Call1("switch", I32(99)).I32);
        Assert.Equal(102, _m.Call1("br_value", I32(1)).I32);
        Assert.Equal(107, _m.Call1("br_value", I32(0)).I32);
        Assert.Equal(5L, _m.Call1("select", I32(1), I64(5), I64(6)).I64);
        Assert.Equal(6L, _m.Call1("select", I32(0), I64(5), I64(6)).I64);
    }

    [Fact]
    public void UnreachableTrapsWithBacktrace()
    {
        var trap = _m.Traps("unreachable");
        Assert.Equal(TrapKind.Unreachable, trap.Kind);
        Assert.Equal("unreachable", trap.Message);
        Assert.NotNull(trap.WasmBacktrace);
    }
}
