using System.Numerics;
using System.Runtime.CompilerServices;

namespace PluginHost.Plugins.Icp.Bls;

/// <summary>Six 64-bit limbs, little-endian.</summary>
[InlineArray(6)]
internal struct Limbs6 { private ulong _e0; }

/// <summary>An element of the BLS12-381 base field in Montgomery form (R = 2^384). Not constant-time: public data only.</summary>
internal readonly struct Fp : IField<Fp>
{
    public static readonly BigInteger Modulus = BigInteger.Parse("01a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffaaab", System.Globalization.NumberStyles.HexNumber);
    private static readonly Limbs6 P = ToLimbs(Modulus);
    private static readonly ulong Inv = ComputeInv(P[0]);
    private static readonly Fp R2 = new(ToLimbs(BigInteger.ModPow(2, 768, Modulus)));
    private static readonly BigInteger SqrtExponent = (Modulus + 1) / 4;
    private static readonly BigInteger LegendreExponent = (Modulus - 1) / 2;

    private readonly Limbs6 _l;
    private Fp(Limbs6 l) { _l = l; }

    public static Fp Zero => default;
    public static readonly Fp OneValue = FromBig(1);
    public static Fp One => OneValue;

    public static Fp FromBig(BigInteger v)
    {
        v %= Modulus;
        if (v.Sign < 0) v += Modulus;
        return new Fp(ToLimbs(v)) * R2;
    }

    /// <summary>Parses a big-endian hex constant.</summary>
    public static Fp FromHex(string hex) => FromBig(BigInteger.Parse("0" + hex, System.Globalization.NumberStyles.HexNumber));

    public BigInteger ToBig()
    {
        Limbs6 one = default;
        one[0] = 1;
        var plain = this * new Fp(one);
        var bytes = new byte[49];
        for (var i = 0; i < 6; i++) BitConverter.TryWriteBytes(bytes.AsSpan(i * 8, 8), plain._l[i]);
        return new BigInteger(bytes);
    }

    /// <summary>Reads 48 big-endian bytes; null when the value is not below p.</summary>
    public static Fp? FromBytes(ReadOnlySpan<byte> be)
    {
        var v = new BigInteger(be, isUnsigned: true, isBigEndian: true);
        return v >= Modulus ? null : FromBig(v);
    }

    public byte[] ToBytes()
    {
        var bytes = new byte[48];
        ToBig().TryWriteBytes(bytes, out var written, isUnsigned: true, isBigEndian: true);
        if (written < 48) { Array.Copy(bytes, 0, bytes, 48 - written, written); Array.Clear(bytes, 0, 48 - written); }
        return bytes;
    }

    private static Limbs6 ToLimbs(BigInteger v)
    {
        Limbs6 l = default;
        var bytes = v.ToByteArray(isUnsigned: true);
        Span<byte> padded = stackalloc byte[48];
        bytes.CopyTo(padded);
        for (var i = 0; i < 6; i++) l[i] = BitConverter.ToUInt64(padded.Slice(i * 8, 8));
        return l;
    }

    private static ulong ComputeInv(ulong p0)
    {
        ulong inv = 1;
        for (var i = 0; i < 63; i++) { inv *= inv; inv *= p0; }
        return unchecked(0 - inv);
    }

    public bool IsZero
    {
        get { for (var i = 0; i < 6; i++) if (_l[i] != 0) return false; return true; }
    }

    public static bool operator ==(Fp a, Fp b) { for (var i = 0; i < 6; i++) if (a._l[i] != b._l[i]) return false; return true; }
    public static bool operator !=(Fp a, Fp b) => !(a == b);
    public override bool Equals(object? obj) => obj is Fp f && f == this;
    public override int GetHashCode() => _l[0].GetHashCode();

    private static bool GreaterOrEqualP(in Limbs6 t)
    {
        for (var i = 5; i >= 0; i--)
        {
            if (t[i] > P[i]) return true;
            if (t[i] < P[i]) return false;
        }
        return true;
    }

    private static void SubP(ref Limbs6 t)
    {
        ulong borrow = 0;
        for (var i = 0; i < 6; i++)
        {
            var d = (UInt128)t[i] - P[i] - borrow;
            t[i] = (ulong)d;
            borrow = (ulong)(d >> 64) & 1;
        }
    }

    public static Fp operator +(Fp a, Fp b)
    {
        Limbs6 t = default;
        ulong carry = 0;
        for (var i = 0; i < 6; i++)
        {
            var s = (UInt128)a._l[i] + b._l[i] + carry;
            t[i] = (ulong)s;
            carry = (ulong)(s >> 64);
        }
        if (GreaterOrEqualP(t)) SubP(ref t);
        return new Fp(t);
    }

    public static Fp operator -(Fp a, Fp b)
    {
        Limbs6 t = default;
        ulong borrow = 0;
        for (var i = 0; i < 6; i++)
        {
            var d = (UInt128)a._l[i] - b._l[i] - borrow;
            t[i] = (ulong)d;
            borrow = (ulong)(d >> 64) & 1;
        }
        if (borrow != 0)
        {
            ulong carry = 0;
            for (var i = 0; i < 6; i++)
            {
                var s = (UInt128)t[i] + P[i] + carry;
                t[i] = (ulong)s;
                carry = (ulong)(s >> 64);
            }
        }
        return new Fp(t);
    }

    public static Fp operator -(Fp a) => Zero - a;

    public static Fp operator *(Fp a, Fp b)
    {
        Span<ulong> t = stackalloc ulong[8];
        for (var i = 0; i < 6; i++)
        {
            ulong c = 0;
            var bi = b._l[i];
            for (var j = 0; j < 6; j++)
            {
                var v = (UInt128)a._l[j] * bi + t[j] + c;
                t[j] = (ulong)v;
                c = (ulong)(v >> 64);
            }
            var s = (UInt128)t[6] + c;
            t[6] = (ulong)s;
            t[7] = (ulong)(s >> 64);
            var m = unchecked(t[0] * Inv);
            var w = (UInt128)m * P[0] + t[0];
            c = (ulong)(w >> 64);
            for (var j = 1; j < 6; j++)
            {
                w = (UInt128)m * P[j] + t[j] + c;
                t[j - 1] = (ulong)w;
                c = (ulong)(w >> 64);
            }
            s = (UInt128)t[6] + c;
            t[5] = (ulong)s;
            t[6] = t[7] + (ulong)(s >> 64);
        }
        Limbs6 r = default;
        for (var i = 0; i < 6; i++) r[i] = t[i];
        if (t[6] != 0 || GreaterOrEqualP(r)) SubP(ref r);
        return new Fp(r);
    }

    public Fp Square() => this * this;
    /// <summary>The inverse by the extended Euclidean algorithm (zero maps to zero).</summary>
    public Fp Inverse()
    {
        BigInteger r0 = Modulus, r1 = ToBig(), s0 = 0, s1 = 1;
        while (!r1.IsZero)
        {
            var q = BigInteger.DivRem(r0, r1, out var rem);
            (r0, r1) = (r1, rem);
            (s0, s1) = (s1, s0 - q * s1);
        }
        return FromBig(s0);
    }
    public Fp Conjugate() => this;

    /// <summary>Whether the element is a square (zero counts).</summary>
    public bool IsSquare => IsZero || this.Pow(LegendreExponent) == One;

    /// <summary>A square root, or null when none exists (p = 3 mod 4).</summary>
    public Fp? Sqrt()
    {
        var r = this.Pow(SqrtExponent);
        return r.Square() == this ? r : null;
    }

    /// <summary>Whether the canonical value is odd (RFC 9380 sgn0).</summary>
    public bool IsOdd => !ToBig().IsEven;

    /// <summary>Whether the value is greater than its negation (the "lexicographically largest" flag).</summary>
    public bool IsLargest => ToBig() > (Modulus - 1) / 2;
}
