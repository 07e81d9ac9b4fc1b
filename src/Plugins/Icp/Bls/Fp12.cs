namespace PluginHost.Plugins.Icp.Bls;

/// <summary>Fp12 = Fp6[w]/(w^2 - v); w^6 = xi.</summary>
internal readonly record struct Fp12(Fp6 C0, Fp6 C1) : IField<Fp12>
{
    /// <summary>gamma^i for i = 0..5 with gamma = xi^((p-1)/6): the Frobenius coefficients of w^i.</summary>
    private static readonly Fp2[] Gamma = ComputeGamma();

    public static Fp12 Zero => default;
    public static Fp12 One => new(Fp6.One, Fp6.Zero);
    public bool IsZero => C0.IsZero && C1.IsZero;

    public static Fp12 operator +(Fp12 a, Fp12 b) => new(a.C0 + b.C0, a.C1 + b.C1);
    public static Fp12 operator -(Fp12 a, Fp12 b) => new(a.C0 - b.C0, a.C1 - b.C1);
    public static Fp12 operator -(Fp12 a) => new(-a.C0, -a.C1);
    public static Fp12 operator *(Fp12 a, Fp12 b)
    {
        var t0 = a.C0 * b.C0;
        var t1 = a.C1 * b.C1;
        return new(t0 + t1.MulByV(), (a.C0 + a.C1) * (b.C0 + b.C1) - t0 - t1);
    }

    public Fp12 Square() => this * this;
    public Fp12 Conjugate() => new(C0, -C1);
    public Fp12 Inverse()
    {
        var t = (C0.Square() - C1.Square().MulByV()).Inverse();
        return new(C0 * t, -(C1 * t));
    }

    /// <summary>x -> x^p: conjugate each Fp2 coefficient of w^i and multiply by gamma^i.</summary>
    public Fp12 Frobenius() => new(
        new Fp6(C0.C0.Conjugate(), C0.C1.Conjugate() * Gamma[2], C0.C2.Conjugate() * Gamma[4]),
        new Fp6(C1.C0.Conjugate() * Gamma[1], C1.C1.Conjugate() * Gamma[3], C1.C2.Conjugate() * Gamma[5]));

    private static Fp2[] ComputeGamma()
    {
        var xi = new Fp2(Fp.One, Fp.One);
        var g = xi.Pow((Fp.Modulus - 1) / 6);
        var result = new Fp2[6];
        result[0] = Fp2.One;
        for (var i = 1; i < 6; i++) result[i] = result[i - 1] * g;
        return result;
    }
}
