using System.Numerics;

namespace PluginHost.Plugins.Icp.Bls;

/// <summary>The optimal ate pairing on BLS12-381: Miller loop over |x| with affine G2 steps, then the final exponentiation.</summary>
internal static class Pairing
{
    /// <summary>True when the product of e(P_i, Q_i) is 1 in GT.</summary>
    public static bool ProductIsOne(ReadOnlySpan<(G1Point P, G2Point Q)> pairs) => FinalExponentiationIsOne(MillerLoop(pairs));

    /// <summary>e(P, Q) as an Fp12 element (for tests).</summary>
    public static Fp12 Pair(G1Point p, G2Point q) => FinalExponentiation(MillerLoop([(p, q)]));

    public static Fp12 MillerLoop(ReadOnlySpan<(G1Point P, G2Point Q)> pairs)
    {
        var n = pairs.Length;
        var ps = new (Fp X, Fp Y)[n];
        var qs = new (Fp2 X, Fp2 Y)[n];
        var ts = new (Fp2 X, Fp2 Y)[n];
        var active = new bool[n];
        for (var i = 0; i < n; i++)
        {
            active[i] = !pairs[i].P.IsInfinity && !pairs[i].Q.IsInfinity;
            if (!active[i]) continue;
            ps[i] = pairs[i].P.P.ToAffine();
            qs[i] = pairs[i].Q.P.ToAffine();
            ts[i] = qs[i];
        }
        var f = Fp12.One;
        for (var bit = 62; bit >= 0; bit--)
        {
            f = f.Square();
            for (var i = 0; i < n; i++)
            {
                if (!active[i]) continue;
                var (tx, ty) = ts[i];
                var lambda = (tx.Square() * Fp.FromBig(3)) * (ty + ty).Inverse();
                f *= Line(lambda, tx, ty, ps[i]);
                var x3 = lambda.Square() - tx - tx;
                ts[i] = (x3, lambda * (tx - x3) - ty);
                if (((Curve.AbsX >> bit) & 1) == 0) continue;
                (tx, ty) = ts[i];
                var (qx, qy) = qs[i];
                lambda = (qy - ty) * (qx - tx).Inverse();
                f *= Line(lambda, tx, ty, ps[i]);
                x3 = lambda.Square() - tx - qx;
                ts[i] = (x3, lambda * (tx - x3) - ty);
            }
        }
        // x < 0: the conjugate (the inverse after the easy part) gives the true pairing value.
        return f.Conjugate();
    }

    /// <summary>The line through T with slope lambda at P, times w^3: (lambda xT - yT) + (-lambda xP) w^2 + yP w^3.</summary>
    private static Fp12 Line(Fp2 lambda, Fp2 tx, Fp2 ty, (Fp X, Fp Y) p) => new(
        new Fp6(lambda * tx - ty, -(lambda * p.X), Fp2.Zero),
        new Fp6(Fp2.Zero, new Fp2(p.Y, Fp.Zero), Fp2.Zero));

    private static Fp12 EasyPart(Fp12 f)
    {
        var t = f.Conjugate() * f.Inverse();
        return t.Frobenius().Frobenius() * t;
    }

    private static Fp12 ExpByX(Fp12 f)
    {
        var result = Fp12.One;
        for (var bit = 63; bit >= 0; bit--)
        {
            result = result.Square();
            if (((Curve.AbsX >> bit) & 1) != 0) result *= f;
        }
        return result.Conjugate();
    }

    /// <summary>f^(3 (p^4 - p^2 + 1) / r) via 3 Phi12(p)/r = (x-1)^2 (x+p) (x^2+p^2-1) + 3 (Hayashida-Hayasaka-Teruya).</summary>
    private static Fp12 HardPartCubed(Fp12 f)
    {
        var a = ExpByX(f) * f.Conjugate();
        var b = ExpByX(a) * a.Conjugate();
        var c = ExpByX(b) * b.Frobenius();
        var d = ExpByX(ExpByX(c)) * c.Frobenius().Frobenius() * c.Conjugate();
        return d * f.Square() * f;
    }

    /// <summary>The cube of the reduced pairing (cubing is a bijection on GT since 3 does not divide r).</summary>
    public static Fp12 FinalExponentiation(Fp12 f) => HardPartCubed(EasyPart(f));

    public static bool FinalExponentiationIsOne(Fp12 f) => FinalExponentiation(f) == Fp12.One;

    /// <summary>The plain exponent (p^12 - 1) / r, for tests that cross-check the fast path.</summary>
    public static BigInteger FullExponent => (BigInteger.Pow(Fp.Modulus, 12) - 1) / Curve.Order;
}
