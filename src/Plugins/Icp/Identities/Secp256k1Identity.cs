using System.Formats.Asn1;
using NBitcoin.Secp256k1;

namespace PluginHost.Plugins.Icp.Identities;

/// <summary>A secp256k1 key (NBitcoin.Secp256k1): ECDSA over SHA-256 of the message, 64-byte r||s with low s.</summary>
public sealed class Secp256k1Identity : IcpIdentity
{
    internal const string EcPublicKeyOid = "1.2.840.10045.2.1";
    internal const string Secp256k1Oid = "1.3.132.0.10";
    private readonly ECPrivKey _key;

    /// <summary>The identity of a 32-byte secret scalar; throws <see cref="FormatException"/> when it is out of range.</summary>
    public Secp256k1Identity(ReadOnlySpan<byte> secret)
    {
        if (!ECPrivKey.TryCreate(secret, out var key)) throw new FormatException("secp256k1 secret key is out of range");
        _key = key;
        Span<byte> point = stackalloc byte[65];
        _key.CreatePubKey().WriteToSpan(false, point, out _);
        var w = new AsnWriter(AsnEncodingRules.DER);
        using (w.PushSequence())
        {
            using (w.PushSequence())
            {
                w.WriteObjectIdentifier(EcPublicKeyOid);
                w.WriteObjectIdentifier(Secp256k1Oid);
            }
            w.WriteBitString(point);
        }
        PublicKeyDer = w.Encode();
        Principal = Icp.Principal.SelfAuthenticating(PublicKeyDer);
    }

    /// <inheritdoc />
    public override byte[] Principal { get; }

    /// <inheritdoc />
    public override byte[] PublicKeyDer { get; }

    /// <inheritdoc />
    public override byte[] Sign(ReadOnlySpan<byte> message)
    {
        var signature = _key.SignECDSARFC6979(System.Security.Cryptography.SHA256.HashData(message));
        var out64 = new byte[64];
        signature.WriteCompactToSpan(out64);
        return out64;
    }
}
