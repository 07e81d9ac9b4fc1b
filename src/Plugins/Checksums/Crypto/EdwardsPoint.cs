using System.Numerics;
using static PluginHost.Plugins.Checksums.Crypto.Field25519;

namespace PluginHost.Plugins.Checksums.Crypto;

/// <summary>A point on edwards25519 in extended homogeneous coordinates (x = X/Z, y = Y/Z, x*y = T/Z).</summary>
internal readonly record struct EdwardsPoint(BigInteger X, BigInteger Y, BigInteger Z, BigInteger T)
{
    /// <summary>The neutral element (0, 1).</summary>
    public static readonly EdwardsPoint Identity = new(0, 1, 1, 0);

    /// <summary>The standard base point B (y = 4/5, x even).</summary>
    public static readonly EdwardsPoint Base = CreateBase();

    /// <summary>Adds two points (unified formula of RFC 8032 section 5.1.4, also valid for doubling).</summary>
    public EdwardsPoint Plus(EdwardsPoint other)
    {
        BigInteger a = Mul(Sub(Y, X), Sub(other.Y, other.X));
        BigInteger b = Mul(Add(Y, X), Add(other.Y, other.X));
        BigInteger c = Mul(Mul(T, 2 * D), other.T);
        BigInteger d = Mul(Z * 2, other.Z);
        BigInteger e = Sub(b, a);
        BigInteger f = Sub(d, c);
        BigInteger g = Add(d, c);
        BigInteger h = Add(b, a);
        return new EdwardsPoint(Mul(e, f), Mul(g, h), Mul(f, g), Mul(e, h));
    }

    /// <summary>The additive inverse (-x, y).</summary>
    public EdwardsPoint Negate() => new(Mod(-X), Y, Z, Mod(-T));

    /// <summary>Encodes the point as 32 bytes: y little-endian with the sign of x in the top bit.</summary>
    public byte[] Encode()
    {
        BigInteger zInverse = Invert(Z);
        BigInteger x = Mul(X, zInverse);
        BigInteger y = Mul(Y, zInverse);
        var bytes = new byte[32];
        ToLittleEndian(y, bytes);
        bytes[31] |= (byte)((int)(x & 1) << 7);
        return bytes;
    }

    /// <summary>Decodes a 32-byte point encoding (RFC 8032 section 5.1.3); false when it is not a valid point.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> encoded, out EdwardsPoint point)
    {
        point = Identity;
        if (encoded.Length != 32)
        {
            return false;
        }

        Span<byte> yBytes = stackalloc byte[32];
        encoded.CopyTo(yBytes);
        int sign = yBytes[31] >> 7;
        yBytes[31] &= 0x7F;
        BigInteger y = FromLittleEndian(yBytes);
        if (y >= P)
        {
            return false;
        }

        if (!TryRecoverX(y, sign, out BigInteger x))
        {
            return false;
        }

        point = new EdwardsPoint(x, y, 1, Mul(x, y));
        return true;
    }

    /// <summary>Computes [a]P + [b]Q with one shared doubling chain (Straus / Shamir trick).</summary>
    public static EdwardsPoint DoubleScalarMultiply(BigInteger a, EdwardsPoint p, BigInteger b, EdwardsPoint q)
    {
        EdwardsPoint both = p.Plus(q);
        EdwardsPoint result = Identity;
        long bits = Math.Max(a.GetBitLength(), b.GetBitLength());
        for (int i = (int)bits - 1; i >= 0; i--)
        {
            result = result.Plus(result);
            bool bitA = !(a >> i).IsEven;
            bool bitB = !(b >> i).IsEven;
            if (bitA && bitB)
            {
                result = result.Plus(both);
            }
            else if (bitA)
            {
                result = result.Plus(p);
            }
            else if (bitB)
            {
                result = result.Plus(q);
            }
        }

        return result;
    }

    private static bool TryRecoverX(BigInteger y, int sign, out BigInteger x)
    {
        BigInteger y2 = Mul(y, y);
        BigInteger u = Sub(y2, 1);
        BigInteger v = Add(Mul(D, y2), 1);
        BigInteger v3 = Mul(Mul(v, v), v);
        BigInteger v7 = Mul(Mul(v3, v3), v);
        x = Mul(Mul(u, v3), Pow(Mul(u, v7), (P - 5) / 8));

        BigInteger vx2 = Mul(v, Mul(x, x));
        if (vx2 != u)
        {
            if (vx2 != Mod(-u))
            {
                return false;
            }

            x = Mul(x, SqrtMinusOne);
        }

        if (x.IsZero && sign == 1)
        {
            return false;
        }

        if ((int)(x & 1) != sign)
        {
            x = P - x;
        }

        return true;
    }

    private static EdwardsPoint CreateBase()
    {
        BigInteger y = Mul(4, Invert(5));
        if (!TryRecoverX(y, 0, out BigInteger x))
        {
            throw new InvalidOperationException("Cannot recover the Ed25519 base point.");
        }

        return new EdwardsPoint(x, y, 1, Mul(x, y));
    }
}
