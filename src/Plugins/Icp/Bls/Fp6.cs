namespace PluginHost.Plugins.Icp.Bls;

/// <summary>Fp6 = Fp2[v]/(v^3 - xi).</summary>
internal readonly record struct Fp6(Fp2 C0, Fp2 C1, Fp2 C2) : IField<Fp6>
{
    public static Fp6 Zero => default;
    public static Fp6 One => new(Fp2.One, Fp2.Zero, Fp2.Zero);
    public bool IsZero => C0.IsZero && C1.IsZero && C2.IsZero;

    public static Fp6 operator +(Fp6 a, Fp6 b) => new(a.C0 + b.C0, a.C1 + b.C1, a.C2 + b.C2);
    public static Fp6 operator -(Fp6 a, Fp6 b) => new(a.C0 - b.C0, a.C1 - b.C1, a.C2 - b.C2);
    public static Fp6 operator -(Fp6 a) => new(-a.C0, -a.C1, -a.C2);
    public static Fp6 operator *(Fp6 a, Fp6 b)
    {
        var t0 = a.C0 * b.C0;
        var t1 = a.C1 * b.C1;
        var t2 = a.C2 * b.C2;
        var c0 = t0 + ((a.C1 + a.C2) * (b.C1 + b.C2) - t1 - t2).MulByXi();
        var c1 = (a.C0 + a.C1) * (b.C0 + b.C1) - t0 - t1 + t2.MulByXi();
        var c2 = (a.C0 + a.C2) * (b.C0 + b.C2) - t0 - t2 + t1;
        return new(c0, c1, c2);
    }

    public Fp6 Square() => this * this;

    /// <summary>Multiplication by v.</summary>
    public Fp6 MulByV() => new(C2.MulByXi(), C0, C1);

    public Fp6 Inverse()
    {
        var a = C0.Square() - (C1 * C2).MulByXi();
        var b = C2.Square().MulByXi() - C0 * C1;
        var c = C1.Square() - C0 * C2;
        var f = (C0 * a + (C2 * b + C1 * c).MulByXi()).Inverse();
        return new(a * f, b * f, c * f);
    }
}
