using System.Text;
using PluginHost.Plugins.Icp.Bls;

namespace PluginHost.Plugins.Tests.Icp.Certificates;

public sealed class BlsTests
{
    private const string QuuxDst = "QUUX-V01-CS02-with-BLS12381G1_XMD:SHA-256_SSWU_RO_";

    [Theory]
    // RFC 9380 J.9.1 BLS12381G1_XMD:SHA-256_SSWU_RO_ (msg "" and "abc").
    [InlineData("", "052926add2207b76ca4fa57a8734416c8dc95e24501772c814278700eed6d1e4e8cf62d9c09db0fac349612b759e79a1",
        "08ba738453bfed09cb546dbb0783dbb3a5f1f566ed67bb6be0e8c67e2e81a4cc68ee29813bb7994998f3eae0c9c6a265")]
    [InlineData("abc", "03567bc5ef9c690c2ab2ecdf6a96ef1c139cc0b2f284dca0a9a7943388a49a3aee664ba5379a7655d3c68900be2f6903",
        "0b9c15f3fe6e5cf4211f346271d7b01c8f3b28be689c8429c85b67af215533311f0b8dfaaa154fa6b88176c229f2885d")]
    public void Hash_to_G1_matches_the_RFC_9380_vectors(string message, string x, string y)
    {
        var (px, py) = HashToG1.Hash(Encoding.ASCII.GetBytes(message), Encoding.ASCII.GetBytes(QuuxDst)).P.ToAffine();
        Assert.Equal(x, Convert.ToHexString(px.ToBytes()).ToLowerInvariant());
        Assert.Equal(y, Convert.ToHexString(py.ToBytes()).ToLowerInvariant());
    }

    [Fact]
    public void Hash_to_G1_matches_noble_on_longer_messages()
    {
        var message = Encoding.ASCII.GetBytes(new string('q', 300));
        var noble = NobleOracle.Run("hash", Convert.ToHexString(message), QuuxDst);
        var (px, py) = HashToG1.Hash(message, Encoding.ASCII.GetBytes(QuuxDst)).P.ToAffine();
        Assert.Equal(noble.GetProperty("x").GetString(), Convert.ToHexString(px.ToBytes()).ToLowerInvariant());
        Assert.Equal(noble.GetProperty("y").GetString(), Convert.ToHexString(py.ToBytes()).ToLowerInvariant());
    }

    [Fact]
    public void Pairing_is_bilinear_and_not_degenerate()
    {
        var g1 = G1Point.Generator;
        var g2 = G2Point.Generator;
        var e = Pairing.Pair(g1, g2);
        Assert.NotEqual(Fp12.One, e);
        var a = Pairing.Pair(new G1Point(g1.P.Multiply(6)), g2);
        var b = Pairing.Pair(new G1Point(g1.P.Multiply(2)), new G2Point(g2.P.Multiply(3)));
        Assert.Equal(a, b);
        Assert.Equal(e.Pow(6), a);
        Assert.Equal(Fp12.One, e.Pow(Curve.Order));
    }

    [Fact]
    public void Generators_are_on_their_curves_and_of_order_r()
    {
        Assert.True(G1Point.Generator.P.IsOnCurve(Curve.B1));
        Assert.True(G2Point.Generator.P.IsOnCurve(Curve.B2));
        Assert.True(G1Point.Generator.P.Multiply(Curve.Order).IsInfinity);
        Assert.True(G2Point.Generator.P.Multiply(Curve.Order).IsInfinity);
    }

    [Fact]
    public void Signatures_from_noble_verify_and_tampered_ones_do_not()
    {
        foreach (var c in NobleOracle.Run("cases", "6").EnumerateArray())
        {
            var pk = Convert.FromHexString(c.GetProperty("pk").GetString()!);
            var msg = Convert.FromHexString(c.GetProperty("msg").GetString()!);
            var sig = Convert.FromHexString(c.GetProperty("sig").GetString()!);
            Assert.True(BlsSignature.Verify(pk, msg, sig));
            var otherMsg = (byte[])msg.Clone();
            otherMsg[0] ^= 1;
            Assert.False(BlsSignature.Verify(pk, otherMsg, sig));
            var otherSig = (byte[])sig.Clone();
            otherSig[47] ^= 1;
            // A flipped bit is either off the curve / out of the subgroup (FormatException) or a wrong signature.
            try { Assert.False(BlsSignature.Verify(pk, msg, otherSig)); } catch (FormatException) { }
        }
    }

    [Fact]
    public void Malformed_points_are_refused_with_a_reason()
    {
        var e = Assert.Throws<FormatException>(() => G1Point.Decompress(new byte[47]));
        Assert.Contains("48", e.Message);
        Assert.Throws<FormatException>(() => G2Point.Decompress(new byte[96]));
    }
}
