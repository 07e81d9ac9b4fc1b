using System.Numerics;

namespace PluginHost.Plugins.Checksums.Crypto;

/// <summary>Arithmetic in the prime field GF(2^255 - 19) used by Ed25519.</summary>
internal static class Field25519
{
    /// <summary>The field prime p = 2^255 - 19.</summary>
    public static readonly BigInteger P = BigInteger.Pow(2, 255) - 19;

    /// <summary>The Edwards curve constant d = -121665 / 121666.</summary>
    public static readonly BigInteger D = Mod(-121665 * Invert(121666));

    /// <summary>A square root of -1: 2^((p-1)/4).</summary>
    public static readonly BigInteger SqrtMinusOne = BigInteger.ModPow(2, (P - 1) / 4, P);

    /// <summary>Reduces any integer into [0, p).</summary>
    public static BigInteger Mod(BigInteger value)
    {
        BigInteger r = value % P;
        return r.Sign < 0 ? r + P : r;
    }

    /// <summary>Sum modulo p.</summary>
    public static BigInteger Add(BigInteger a, BigInteger b) => Mod(a + b);

    /// <summary>Difference modulo p.</summary>
    public static BigInteger Sub(BigInteger a, BigInteger b) => Mod(a - b);

    /// <summary>Product modulo p.</summary>
    public static BigInteger Mul(BigInteger a, BigInteger b) => Mod(a * b);

    /// <summary>Multiplicative inverse modulo p (Fermat: a^(p-2)).</summary>
    public static BigInteger Invert(BigInteger a) => BigInteger.ModPow(Mod(a), P - 2, P);

    /// <summary>a^e modulo p.</summary>
    public static BigInteger Pow(BigInteger a, BigInteger e) => BigInteger.ModPow(Mod(a), e, P);

    /// <summary>Reads a 32-byte little-endian integer.</summary>
    public static BigInteger FromLittleEndian(ReadOnlySpan<byte> bytes) => new(bytes, isUnsigned: true, isBigEndian: false);

    /// <summary>Writes a field element as 32 little-endian bytes.</summary>
    public static void ToLittleEndian(BigInteger value, Span<byte> destination)
    {
        destination[..32].Clear();
        if (!value.TryWriteBytes(destination[..32], out _, isUnsigned: true, isBigEndian: false))
        {
            throw new InvalidOperationException("Field element does not fit in 32 bytes.");
        }
    }
}
