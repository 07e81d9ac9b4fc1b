using System.Formats.Asn1;
using System.Security.Cryptography;

namespace PluginHost.Plugins.Icp.Identities;

/// <summary>Reads an identity PEM as icp-cli and dfx write them: PKCS#8 "PRIVATE KEY" (Ed25519 or secp256k1) or SEC1
/// "EC PRIVATE KEY" (secp256k1), or "ENCRYPTED PRIVATE KEY" (PBES2, as icp-cli's password storage writes them).</summary>
public static class PemKey
{
    private const string Ed25519Oid = "1.3.101.112";

    /// <summary>The identity in <paramref name="pem"/>; <paramref name="origin"/> names the file in errors (<see cref="IdentityException"/>);
    /// <paramref name="password"/> gives the password of an encrypted key (null: an encrypted key is refused).</summary>
    public static IcpIdentity Load(string pem, string origin, Func<string>? password = null)
    {
        PemFields fields;
        try { fields = PemEncoding.Find(pem); }
        catch (ArgumentException) { throw new IdentityException($"{origin}: not a PEM file"); }
        var label = pem[fields.Label];
        var der = Convert.FromBase64String(pem[fields.Base64Data]);
        try
        {
            return label switch
            {
                "PRIVATE KEY" => Pkcs8(der, origin),
                "EC PRIVATE KEY" => Sec1(der, origin),
                "ENCRYPTED PRIVATE KEY" => Pkcs8(EncryptedPkcs8.Decrypt(der, password?.Invoke() ?? throw new IdentityException(
                    $"{origin}: the key is encrypted (pbes2) and no password was given: pass --identity-password-file FILE"), origin), origin),
                _ => throw new IdentityException($"{origin}: PEM label `{label}` is not a private key (expected PRIVATE KEY or EC PRIVATE KEY)"),
            };
        }
        catch (AsnContentException e) { throw new IdentityException($"{origin}: the key is not valid DER: {e.Message}"); }
        catch (FormatException e) { throw new IdentityException($"{origin}: {e.Message}"); }
    }

    private static IcpIdentity Pkcs8(byte[] der, string origin)
    {
        var info = new AsnReader(der, AsnEncodingRules.DER).ReadSequence();
        info.ReadInteger();
        var algorithm = info.ReadSequence();
        var oid = algorithm.ReadObjectIdentifier();
        var privateKey = info.ReadOctetString();
        if (oid == Ed25519Oid)
        {
            var seed = new AsnReader(privateKey, AsnEncodingRules.DER).ReadOctetString();
            if (seed.Length != 32) throw new IdentityException($"{origin}: Ed25519 key is {seed.Length} bytes, expected 32");
            return new Ed25519Identity(seed);
        }
        if (oid == Secp256k1Identity.EcPublicKeyOid)
        {
            var curve = algorithm.HasData ? algorithm.ReadObjectIdentifier() : null;
            if (curve != Secp256k1Identity.Secp256k1Oid) throw new IdentityException($"{origin}: EC curve {curve} is not secp256k1");
            return Sec1(privateKey, origin);
        }
        throw new IdentityException($"{origin}: key algorithm {oid} is not Ed25519 or secp256k1");
    }

    private static IcpIdentity Sec1(byte[] der, string origin)
    {
        var key = new AsnReader(der, AsnEncodingRules.DER).ReadSequence();
        key.ReadInteger();
        var secret = key.ReadOctetString();
        if (key.HasData && key.PeekTag().HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 0)))
        {
            var parameters = key.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0, true));
            _ = parameters;
        }
        if (secret.Length != 32) throw new IdentityException($"{origin}: secp256k1 key is {secret.Length} bytes, expected 32");
        return new Secp256k1Identity(secret);
    }
}

/// <summary>An identity that cannot be loaded: one line naming the identity or file and the cause.</summary>
public sealed class IdentityException(string message) : Exception(message);
