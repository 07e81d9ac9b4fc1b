using System.Numerics;
using System.Security.Cryptography;

namespace PluginHost.Plugins.Icp.Bls;

/// <summary>RFC 9380 hash_to_curve for BLS12381G1_XMD:SHA-256_SSWU_RO_: expand_message_xmd, simplified SWU on E1', 11-isogeny, cofactor clearing.</summary>
internal static class HashToG1
{
    private static readonly Fp A = Fp.FromHex(IsogenyG1Constants.A);
    private static readonly Fp B = Fp.FromHex(IsogenyG1Constants.B);
    private static readonly Fp Z = Fp.FromBig(11);
    private static readonly Fp[][] Isogeny =
        [.. new[] { IsogenyG1Constants.XNum, IsogenyG1Constants.XDen, IsogenyG1Constants.YNum, IsogenyG1Constants.YDen }
            .Select(k => k.Select(Fp.FromHex).ToArray())];
    /// <summary>h_eff = 1 - x.</summary>
    private static readonly BigInteger CofactorEff = new BigInteger(Curve.AbsX) + 1;

    public static G1Point Hash(ReadOnlySpan<byte> message, ReadOnlySpan<byte> dst)
    {
        var (u0, u1) = HashToField(message, dst);
        var q0 = MapToCurve(u0);
        var q1 = MapToCurve(u1);
        return new G1Point(q0.Add(q1).Multiply(CofactorEff));
    }

    /// <summary>Two field elements from expand_message_xmd (L = 64 bytes each).</summary>
    public static (Fp, Fp) HashToField(ReadOnlySpan<byte> message, ReadOnlySpan<byte> dst)
    {
        var uniform = ExpandMessageXmd(message, dst, 128);
        return (Fp.FromBig(new BigInteger(uniform.AsSpan(0, 64), isUnsigned: true, isBigEndian: true)),
                Fp.FromBig(new BigInteger(uniform.AsSpan(64, 64), isUnsigned: true, isBigEndian: true)));
    }

    public static byte[] ExpandMessageXmd(ReadOnlySpan<byte> message, ReadOnlySpan<byte> dst, int length)
    {
        if (dst.Length > 255) throw new ArgumentException("DST longer than 255 bytes");
        var ell = (length + 31) / 32;
        byte[] dstPrime = [.. dst, (byte)dst.Length];
        byte[] msgPrime = [.. new byte[64], .. message, (byte)(length >> 8), (byte)length, 0, .. dstPrime];
        var b0 = SHA256.HashData(msgPrime);
        var output = new byte[ell * 32];
        var previous = SHA256.HashData([.. b0, 1, .. dstPrime]);
        previous.CopyTo(output, 0);
        for (var i = 2; i <= ell; i++)
        {
            var mixed = new byte[32];
            for (var j = 0; j < 32; j++) mixed[j] = (byte)(b0[j] ^ previous[j]);
            previous = SHA256.HashData([.. mixed, (byte)i, .. dstPrime]);
            previous.CopyTo(output, (i - 1) * 32);
        }
        return output[..length];
    }

    /// <summary>map_to_curve_simple_swu on E1' followed by the 11-isogeny to E1 (RFC 9380 6.6.2, 6.6.3).</summary>
    public static Jacobian<Fp> MapToCurve(Fp u)
    {
        var u2 = u.Square();
        var zu2 = Z * u2;
        var den = zu2.Square() + zu2;
        Fp x1;
        if (den.IsZero) x1 = B * (Z * A).Inverse();
        else x1 = (-B * A.Inverse()) * (Fp.One + den.Inverse());
        var gx1 = x1.Square() * x1 + A * x1 + B;
        Fp x, y;
        if (gx1.Sqrt() is { } y1) { x = x1; y = y1; }
        else
        {
            x = zu2 * x1;
            var gx2 = x.Square() * x + A * x + B;
            y = gx2.Sqrt() ?? throw new InvalidOperationException("SSWU: neither candidate is square");
        }
        if (u.IsOdd != y.IsOdd) y = -y;
        var xNum = Evaluate(Isogeny[0], x);
        var xDen = Evaluate(Isogeny[1], x);
        var yNum = Evaluate(Isogeny[2], x);
        var yDen = Evaluate(Isogeny[3], x);
        if (xDen.IsZero || yDen.IsZero) return Jacobian<Fp>.Infinity;
        return Jacobian<Fp>.FromAffine(xNum * xDen.Inverse(), y * yNum * yDen.Inverse());
    }

    private static Fp Evaluate(Fp[] coefficients, Fp x)
    {
        var result = Fp.Zero;
        for (var i = coefficients.Length - 1; i >= 0; i--) result = result * x + coefficients[i];
        return result;
    }
}
