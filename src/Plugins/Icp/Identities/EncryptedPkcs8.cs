using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Text;

namespace PluginHost.Plugins.Icp.Identities;

/// <summary>Decrypts a PKCS#8 EncryptedPrivateKeyInfo (RFC 5958) protected with PBES2 (RFC 8018): the key derived with
/// scrypt (RFC 7914, as icp-cli writes them) or PBKDF2, the key encrypted with AES-CBC.</summary>
public static class EncryptedPkcs8
{
    private const string Pbes2Oid = "1.2.840.113549.1.5.13";
    private const string Pbkdf2Oid = "1.2.840.113549.1.5.12";
    private const string ScryptOid = "1.3.6.1.4.1.11591.4.11";
    private const string HmacSha1Oid = "1.2.840.113549.2.7";
    private const string HmacSha256Oid = "1.2.840.113549.2.9";
    private const string HmacSha512Oid = "1.2.840.113549.2.11";

    /// <summary>Upper bound on scrypt's memory (128·r·N bytes), so a hostile file cannot exhaust the process.</summary>
    public const long MaxScryptBytes = 1L << 30;

    /// <summary>The plaintext PKCS#8 PrivateKeyInfo inside <paramref name="der"/>; <paramref name="origin"/> names the
    /// file in the <see cref="IdentityException"/> thrown for a wrong password or an unsupported scheme.</summary>
    public static byte[] Decrypt(byte[] der, string password, string origin)
    {
        var info = new AsnReader(der, AsnEncodingRules.DER).ReadSequence();
        var algorithm = info.ReadSequence();
        var scheme = algorithm.ReadObjectIdentifier();
        if (scheme != Pbes2Oid) throw new IdentityException($"{origin}: encryption scheme {scheme} is not PBES2 (expected scrypt or PBKDF2 with AES-CBC)");
        var parameters = algorithm.ReadSequence();
        var kdf = parameters.ReadSequence();
        var cipher = parameters.ReadSequence();
        var cipherOid = cipher.ReadObjectIdentifier();
        var iv = cipher.ReadOctetString();
        var keyLength = cipherOid switch
        {
            "2.16.840.1.101.3.4.1.2" => 16,
            "2.16.840.1.101.3.4.1.22" => 24,
            "2.16.840.1.101.3.4.1.42" => 32,
            _ => throw new IdentityException($"{origin}: cipher {cipherOid} is not supported (expected AES-128/192/256-CBC)"),
        };
        var encrypted = info.ReadOctetString();
        var key = DeriveKey(kdf, Encoding.UTF8.GetBytes(password), keyLength, origin);
        try
        {
            using var aes = Aes.Create();
            aes.Key = key;
            return aes.DecryptCbc(encrypted, iv, PaddingMode.PKCS7);
        }
        catch (CryptographicException)
        {
            throw new IdentityException($"{origin}: wrong password (the key did not decrypt)");
        }
        finally { CryptographicOperations.ZeroMemory(key); }
    }

    private static byte[] DeriveKey(AsnReader kdf, byte[] password, int keyLength, string origin)
    {
        var oid = kdf.ReadObjectIdentifier();
        var p = kdf.ReadSequence();
        var salt = p.ReadOctetString();
        if (oid == ScryptOid)
        {
            var n = (long)p.ReadInteger();
            var r = (int)p.ReadInteger();
            var parallel = (int)p.ReadInteger();
            if (n < 2 || (n & (n - 1)) != 0 || r < 1 || parallel < 1 || 128L * r * n > MaxScryptBytes)
                throw new IdentityException($"{origin}: scrypt parameters N={n} r={r} p={parallel} are out of range");
            return Org.BouncyCastle.Crypto.Generators.SCrypt.Generate(password, salt, (int)n, r, parallel, keyLength);
        }
        if (oid == Pbkdf2Oid)
        {
            var iterations = (int)p.ReadInteger();
            if (p.HasData && p.PeekTag().HasSameClassAndValue(Asn1Tag.Integer)) p.ReadInteger();
            var prf = HashAlgorithmName.SHA1;
            if (p.HasData)
            {
                var prfOid = p.ReadSequence().ReadObjectIdentifier();
                prf = prfOid switch
                {
                    HmacSha1Oid => HashAlgorithmName.SHA1,
                    HmacSha256Oid => HashAlgorithmName.SHA256,
                    HmacSha512Oid => HashAlgorithmName.SHA512,
                    _ => throw new IdentityException($"{origin}: PBKDF2 PRF {prfOid} is not supported (expected HMAC-SHA1/256/512)"),
                };
            }
            return Rfc2898DeriveBytes.Pbkdf2(password, salt, iterations, prf, keyLength);
        }
        throw new IdentityException($"{origin}: key derivation {oid} is not supported (expected scrypt or PBKDF2)");
    }
}
