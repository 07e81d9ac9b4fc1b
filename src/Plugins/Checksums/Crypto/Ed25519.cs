using System.Numerics;
using System.Security.Cryptography;

namespace PluginHost.Plugins.Checksums.Crypto;

/// <summary>Ed25519 signature verification (RFC 8032, PureEdDSA); verification only, not constant time.</summary>
public static class Ed25519
{
    /// <summary>Length of a public key in bytes.</summary>
    public const int PublicKeyLength = 32;

    /// <summary>Length of a signature in bytes.</summary>
    public const int SignatureLength = 64;

    /// <summary>The order L of the base point: 2^252 + 27742317777372353535851937790883648493.</summary>
    private static readonly BigInteger GroupOrder = BigInteger.Pow(2, 252) + BigInteger.Parse("27742317777372353535851937790883648493");

    /// <summary>True when <paramref name="signature"/> is a valid signature of <paramref name="message"/> by <paramref name="publicKey"/>.</summary>
    public static bool Verify(ReadOnlySpan<byte> signature, ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message)
    {
        using var stream = new MemoryStream(message.ToArray(), writable: false);
        return Verify(signature, publicKey, stream);
    }

    /// <summary>Same as the span overload, but reads the message from a stream (hashed while streaming).</summary>
    public static bool Verify(ReadOnlySpan<byte> signature, ReadOnlySpan<byte> publicKey, Stream message)
    {
        if (signature.Length != SignatureLength || publicKey.Length != PublicKeyLength)
        {
            return false;
        }

        if (!EdwardsPoint.TryDecode(publicKey, out EdwardsPoint a))
        {
            return false;
        }

        ReadOnlySpan<byte> r = signature[..32];
        BigInteger s = Field25519.FromLittleEndian(signature[32..]);
        if (s >= GroupOrder)
        {
            return false;
        }

        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA512);
        sha.AppendData(r);
        sha.AppendData(publicKey);
        var buffer = new byte[81920];
        int read;
        while ((read = message.Read(buffer, 0, buffer.Length)) > 0)
        {
            sha.AppendData(buffer, 0, read);
        }

        BigInteger k = new BigInteger(sha.GetHashAndReset(), isUnsigned: true, isBigEndian: false) % GroupOrder;

        // R' = [S]B - [k]A must encode to exactly the R of the signature.
        EdwardsPoint check = EdwardsPoint.DoubleScalarMultiply(s, EdwardsPoint.Base, k, a.Negate());
        return r.SequenceEqual(check.Encode());
    }
}
