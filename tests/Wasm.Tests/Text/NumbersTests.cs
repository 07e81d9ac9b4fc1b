using PluginHost.Wasm.Text;

namespace PluginHost.Wasm.Tests.Text;

/// <summary>Integer and float literals of the text format.</summary>
public sealed class NumbersTests
{
    [Theory]
    [InlineData("0", 32, 0UL)]
    [InlineData("-1", 32, 0xffff_ffffUL)]
    [InlineData("0xffff_ffff", 32, 0xffff_ffffUL)]
    [InlineData("-0x8000_0000", 32, 0x8000_0000UL)]
    [InlineData("+2147483647", 32, 0x7fff_ffffUL)]
    [InlineData("1_000", 64, 1000UL)]
    [InlineData("-9223372036854775808", 64, 0x8000_0000_0000_0000UL)]
    public void IntegersGiveTheirBitPattern(string text, int bits, ulong expected) =>
        Assert.Equal(expected, Numbers.Integer(text, bits));

    [Theory]
    [InlineData("0x1_0000_0000", 32)]
    [InlineData("-0x8000_0001", 32)]
    [InlineData("+0x8000_0000", 32)]
    [InlineData("18446744073709551616", 64)]
    public void OutOfRangeIntegersThrowOverflow(string text, int bits) =>
        Assert.Throws<OverflowException>(() => Numbers.Integer(text, bits));

    [Theory]
    [InlineData("1__0")]
    [InlineData("_1")]
    [InlineData("1_")]
    [InlineData("0x")]
    [InlineData("1a")]
    public void MalformedIntegersAreNull(string text) => Assert.Null(Numbers.Integer(text, 32));

    [Theory]
    [InlineData("0x1p-149", 0x0000_0001U)]
    [InlineData("0x1.fffffep127", 0x7f7f_ffffU)]
    [InlineData("-0x1.8p1", 0xc040_0000U)]
    [InlineData("0x1.000001p0", 0x3f80_0000U)]
    [InlineData("0x1.000003p0", 0x3f80_0002U)]
    [InlineData("1.5e1", 0x4170_0000U)]
    [InlineData("-inf", 0xff80_0000U)]
    [InlineData("nan", 0x7fc0_0000U)]
    [InlineData("-nan:0x200000", 0xffa0_0000U)]
    [InlineData("1_000.000_1", 0x447a_0002U)]
    public void F32LiteralsRoundToNearestEven(string text, uint bits) => Assert.Equal(bits, Numbers.F32(text));

    [Theory]
    [InlineData("0x1p-1074", 0x0000_0000_0000_0001UL)]
    [InlineData("0x1.fffffffffffff8p1023", null)]
    [InlineData("1e308", 0x7fe1_ccf3_85eb_c8a0UL)]
    [InlineData("nan:0xf_ffff_ffff_ffff", 0x7fff_ffff_ffff_ffffUL)]
    public void F64Literals(string text, ulong? bits)
    {
        if (bits is null) Assert.Throws<OverflowException>(() => Numbers.F64(text));
        else Assert.Equal(bits, Numbers.F64(text));
    }

    [Theory]
    [InlineData("1e400")]
    [InlineData("0x1p128")]
    [InlineData("nan:0x0")]
    [InlineData("nan:0x800000")]
    public void OutOfRangeF32Throws(string text) => Assert.Throws<OverflowException>(() => Numbers.F32(text));
}
