using System.Numerics;

namespace PluginHost.Plugins.Icp.Bls;

/// <summary>BLS12-381 parameters.</summary>
internal static class Curve
{
    /// <summary>The prime order r of G1, G2 and GT.</summary>
    public static readonly BigInteger Order = BigInteger.Parse("073eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001", System.Globalization.NumberStyles.HexNumber);
    /// <summary>|x| of the curve parameter x = -0xd201000000010000.</summary>
    public const ulong AbsX = 0xd201000000010000;
    public static readonly Fp B1 = Fp.FromBig(4);
    public static readonly Fp2 B2 = new(Fp.FromBig(4), Fp.FromBig(4));
}

/// <summary>A G1 point (signatures).</summary>
internal readonly record struct G1Point(Jacobian<Fp> P)
{
    public static readonly G1Point Generator = new(Jacobian<Fp>.FromAffine(
        Fp.FromHex("17f1d3a73197d7942695638c4fa9ac0fc3688c4f9774b905a14e3a3f171bac586c55e83ff97a1aeffb3af00adb22c6bb"),
        Fp.FromHex("08b3f481e3aaa0f1a09e30ed741d8ae4fcf5e095d5d00af600db18cb2c04b3edd03cc744a2888ae40caa232946c5e7e1")));

    public bool IsInfinity => P.IsInfinity;

    /// <summary>Decompresses a 48-byte ZCash-format point, checking the curve and the subgroup; throws <see cref="FormatException"/>.</summary>
    public static G1Point Decompress(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != 48) throw new FormatException($"G1 point has {bytes.Length} bytes, expected 48 (compressed)");
        var flags = bytes[0];
        if ((flags & 0x80) == 0) throw new FormatException("G1 point is not in compressed form");
        Span<byte> x = stackalloc byte[48];
        bytes.CopyTo(x);
        x[0] &= 0x1f;
        if ((flags & 0x40) != 0)
        {
            if ((flags & 0x20) != 0 || x.ContainsAnyExcept((byte)0)) throw new FormatException("G1 infinity encoding has stray bits");
            return new G1Point(Jacobian<Fp>.Infinity);
        }
        var fx = Fp.FromBytes(x) ?? throw new FormatException("G1 x coordinate is not below p");
        var y = (fx.Square() * fx + Curve.B1).Sqrt() ?? throw new FormatException("G1 x coordinate is not on the curve");
        if (y.IsLargest != ((flags & 0x20) != 0)) y = -y;
        var point = Jacobian<Fp>.FromAffine(fx, y);
        if (!point.Multiply(Curve.Order).IsInfinity) throw new FormatException("G1 point is not in the prime-order subgroup");
        return new G1Point(point);
    }
}

/// <summary>A G2 point on the twist y^2 = x^3 + 4(1 + u) (public keys).</summary>
internal readonly record struct G2Point(Jacobian<Fp2> P)
{
    public static readonly G2Point Generator = new(Jacobian<Fp2>.FromAffine(
        new Fp2(Fp.FromHex("024aa2b2f08f0a91260805272dc51051c6e47ad4fa403b02b4510b647ae3d1770bac0326a805bbefd48056c8c121bdb8"),
                Fp.FromHex("13e02b6052719f607dacd3a088274f65596bd0d09920b61ab5da61bbdc7f5049334cf11213945d57e5ac7d055d042b7e")),
        new Fp2(Fp.FromHex("0ce5d527727d6e118cc9cdc6da2e351aadfd9baa8cbdd3a76d429a695160d12c923ac9cc3baca289e193548608b82801"),
                Fp.FromHex("0606c4a02ea734cc32acd2b02bc28b99cb3e287e85a763af267492ab572e99ab3f370d275cec1da1aaa9075ff05f79be"))));

    public bool IsInfinity => P.IsInfinity;
    public G2Point Negate() => new(P.Negate());

    /// <summary>Decompresses a 96-byte ZCash-format point (x.c1 then x.c0), checking the curve and the subgroup; throws <see cref="FormatException"/>.</summary>
    public static G2Point Decompress(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != 96) throw new FormatException($"G2 point has {bytes.Length} bytes, expected 96 (compressed)");
        var flags = bytes[0];
        if ((flags & 0x80) == 0) throw new FormatException("G2 point is not in compressed form");
        Span<byte> x = stackalloc byte[96];
        bytes.CopyTo(x);
        x[0] &= 0x1f;
        if ((flags & 0x40) != 0)
        {
            if ((flags & 0x20) != 0 || x.ContainsAnyExcept((byte)0)) throw new FormatException("G2 infinity encoding has stray bits");
            return new G2Point(Jacobian<Fp2>.Infinity);
        }
        var c1 = Fp.FromBytes(x[..48]) ?? throw new FormatException("G2 x.c1 is not below p");
        var c0 = Fp.FromBytes(x[48..]) ?? throw new FormatException("G2 x.c0 is not below p");
        var fx = new Fp2(c0, c1);
        var y = (fx.Square() * fx + Curve.B2).Sqrt() ?? throw new FormatException("G2 x coordinate is not on the curve");
        if (y.IsLargest != ((flags & 0x20) != 0)) y = -y;
        var point = Jacobian<Fp2>.FromAffine(fx, y);
        if (!point.Multiply(Curve.Order).IsInfinity) throw new FormatException("G2 point is not in the prime-order subgroup");
        return new G2Point(point);
    }
}
