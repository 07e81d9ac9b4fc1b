using System.Numerics;

namespace PluginHost.Plugins.Icp.Bls;

/// <summary>The field operations the curve and pairing code need (Fp, Fp2, Fp6, Fp12).</summary>
internal interface IField<T> where T : struct, IField<T>
{
    static abstract T Zero { get; }
    static abstract T One { get; }
    static abstract T operator +(T a, T b);
    static abstract T operator -(T a, T b);
    static abstract T operator -(T a);
    static abstract T operator *(T a, T b);
    static abstract bool operator ==(T a, T b);
    static abstract bool operator !=(T a, T b);
    bool IsZero { get; }
    T Square();
    T Inverse();
}

/// <summary>Exponentiation on any field.</summary>
internal static class FieldExtensions
{
    public static T Pow<T>(this T x, BigInteger e) where T : struct, IField<T>
    {
        var result = T.One;
        var bytes = e.ToByteArray(isUnsigned: true, isBigEndian: true);
        foreach (var b in bytes)
            for (var bit = 7; bit >= 0; bit--)
            {
                result = result.Square();
                if (((b >> bit) & 1) != 0) result *= x;
            }
        return result;
    }
}
