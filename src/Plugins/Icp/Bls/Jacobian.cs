using System.Numerics;

namespace PluginHost.Plugins.Icp.Bls;

/// <summary>A point on y^2 = x^3 + b in Jacobian coordinates (x = X/Z^2, y = Y/Z^3); Z = 0 is infinity.</summary>
internal readonly record struct Jacobian<T>(T X, T Y, T Z) where T : struct, IField<T>
{
    public static Jacobian<T> Infinity => new(T.One, T.One, T.Zero);
    public static Jacobian<T> FromAffine(T x, T y) => new(x, y, T.One);
    public bool IsInfinity => Z.IsZero;

    public Jacobian<T> Negate() => new(X, -Y, Z);

    public Jacobian<T> Double()
    {
        if (IsInfinity || Y.IsZero) return Infinity;
        var a = X.Square();
        var b = Y.Square();
        var c = b.Square();
        var t = (X + b).Square() - a - c;
        var d = t + t;
        var e = a + a + a;
        var f = e.Square();
        var x3 = f - d - d;
        var c8 = c + c; c8 += c8; c8 += c8;
        var y3 = e * (d - x3) - c8;
        var yz = Y * Z;
        return new(x3, y3, yz + yz);
    }

    public Jacobian<T> Add(Jacobian<T> q)
    {
        if (IsInfinity) return q;
        if (q.IsInfinity) return this;
        var z1z1 = Z.Square();
        var z2z2 = q.Z.Square();
        var u1 = X * z2z2;
        var u2 = q.X * z1z1;
        var s1 = Y * q.Z * z2z2;
        var s2 = q.Y * Z * z1z1;
        var h = u2 - u1;
        var rr = s2 - s1;
        if (h.IsZero) return rr.IsZero ? Double() : Infinity;
        var i = (h + h).Square();
        var j = h * i;
        rr += rr;
        var v = u1 * i;
        var x3 = rr.Square() - j - v - v;
        var s1j = s1 * j;
        var y3 = rr * (v - x3) - s1j - s1j;
        var z3 = ((Z + q.Z).Square() - z1z1 - z2z2) * h;
        return new(x3, y3, z3);
    }

    public Jacobian<T> Multiply(BigInteger k)
    {
        var result = Infinity;
        foreach (var b in k.ToByteArray(isUnsigned: true, isBigEndian: true))
            for (var bit = 7; bit >= 0; bit--)
            {
                result = result.Double();
                if (((b >> bit) & 1) != 0) result = result.Add(this);
            }
        return result;
    }

    /// <summary>Affine coordinates (not for infinity).</summary>
    public (T X, T Y) ToAffine()
    {
        var zi = Z.Inverse();
        var zi2 = zi.Square();
        return (X * zi2, Y * zi2 * zi);
    }

    public bool IsOnCurve(T b)
    {
        if (IsInfinity) return true;
        var z2 = Z.Square();
        var z6 = z2.Square() * z2;
        return Y.Square() == X.Square() * X + b * z6;
    }

    public bool SameAs(Jacobian<T> q)
    {
        if (IsInfinity || q.IsInfinity) return IsInfinity && q.IsInfinity;
        var z1z1 = Z.Square();
        var z2z2 = q.Z.Square();
        return X * z2z2 == q.X * z1z1 && Y * q.Z * z2z2 == q.Y * Z * z1z1;
    }
}
