using System.Numerics;

namespace PluginHost.Plugins.Icp.Bls;

/// <summary>Fp2 = Fp[u]/(u^2 + 1).</summary>
internal readonly record struct Fp2(Fp C0, Fp C1) : IField<Fp2>
{
    private static readonly BigInteger P = Fp.Modulus;

    public static Fp2 Zero => default;
    public static Fp2 One => new(Fp.One, Fp.Zero);
    public bool IsZero => C0.IsZero && C1.IsZero;

    public static Fp2 operator +(Fp2 a, Fp2 b) => new(a.C0 + b.C0, a.C1 + b.C1);
    public static Fp2 operator -(Fp2 a, Fp2 b) => new(a.C0 - b.C0, a.C1 - b.C1);
    public static Fp2 operator -(Fp2 a) => new(-a.C0, -a.C1);
    public static Fp2 operator *(Fp2 a, Fp2 b)
    {
        var t0 = a.C0 * b.C0;
        var t1 = a.C1 * b.C1;
        return new(t0 - t1, (a.C0 + a.C1) * (b.C0 + b.C1) - t0 - t1);
    }
    public static Fp2 operator *(Fp2 a, Fp b) => new(a.C0 * b, a.C1 * b);

    public Fp2 Square() => this * this;
    public Fp2 Conjugate() => new(C0, -C1);
    public Fp2 Inverse()
    {
        var n = (C0.Square() + C1.Square()).Inverse();
        return new(C0 * n, -(C1 * n));
    }

    /// <summary>Multiplication by the non-residue xi = 1 + u.</summary>
    public Fp2 MulByXi() => new(C0 - C1, C0 + C1);

    /// <summary>A square root, or null (Adj and Rodriguez-Henriquez, algorithm 9, p = 3 mod 4).</summary>
    public Fp2? Sqrt()
    {
        if (IsZero) return this;
        var a1 = this.Pow((P - 3) / 4);
        var alpha = a1.Square() * this;
        var x0 = a1 * this;
        Fp2 x;
        if (alpha == -One) x = new Fp2(-x0.C1, x0.C0);
        else x = (alpha + One).Pow((P - 1) / 2) * x0;
        return x.Square() == this ? x : null;
    }

    /// <summary>The ZCash "lexicographically largest" flag: compare c1, then c0 when c1 is zero.</summary>
    public bool IsLargest => C1.IsZero ? C0.IsLargest : C1.IsLargest;
}
