using System.Formats.Asn1;
using System.Security.Cryptography;
using PluginHost.Plugins.Icp.Identities;
using PluginHost.Plugins.Tests.TestSupport;
using Xunit;

namespace PluginHost.Plugins.Tests.Icp.Agent;

/// <summary>Password-protected identities as icp-cli's `--storage password` writes them (PBES2 with scrypt and
/// AES-256-CBC), from fixtures OpenSSL encrypted (tests/fixtures/icp/identities/build.sh).</summary>
public sealed class EncryptedIdentityTests
{
    private static readonly string Dir = Path.Combine(Fixtures.RepoRoot, "tests", "fixtures", "icp", "identities");
    private const string Password = "correct horse battery staple";

    private static string Pem(string name) => File.ReadAllText(Path.Combine(Dir, name));

    [Theory]
    [InlineData("ed25519", "scrypt")]
    [InlineData("ed25519", "pbkdf2")]
    [InlineData("secp256k1", "scrypt")]
    [InlineData("secp256k1", "pbkdf2")]
    public void An_encrypted_key_is_the_same_identity_as_its_plaintext(string algorithm, string kdf)
    {
        var plain = PemKey.Load(Pem($"{algorithm}.pem"), "plain.pem");
        var decrypted = PemKey.Load(Pem($"{algorithm}.{kdf}.pem"), "enc.pem", () => Password);
        Assert.Equal(plain.PrincipalText, decrypted.PrincipalText);
        Assert.Equal(plain.PublicKeyDer, decrypted.PublicKeyDer);
        Assert.NotEqual("2vxsx-fae", decrypted.PrincipalText);
    }

    [Fact]
    public void A_wrong_password_and_a_missing_password_are_one_line_naming_the_file()
    {
        var wrong = Assert.Throws<IdentityException>(() => PemKey.Load(Pem("ed25519.scrypt.pem"), "keys/me.pem", () => "not it"));
        Assert.Equal("keys/me.pem: wrong password (the key did not decrypt)", wrong.Message);
        var missing = Assert.Throws<IdentityException>(() => PemKey.Load(Pem("secp256k1.scrypt.pem"), "keys/me.pem"));
        Assert.Equal("keys/me.pem: the key is encrypted (pbes2) and no password was given: pass --identity-password-file FILE", missing.Message);
    }

    [Fact]
    public void Scrypt_parameters_that_would_exhaust_memory_are_refused_before_deriving()
    {
        // Re-encode the fixture with N = 2^30 (128 GiB of scrypt memory at r = 8).
        var pem = Pem("ed25519.scrypt.pem");
        var der = Convert.FromBase64String(pem[PemEncoding.Find(pem).Base64Data]);
        var hostile = WithScryptN(der, 1L << 30);
        var e = Assert.Throws<IdentityException>(() => EncryptedPkcs8.Decrypt(hostile, Password, "x.pem"));
        Assert.Contains("scrypt parameters N=1073741824 r=8 p=1 are out of range", e.Message);
    }

    [Fact]
    public void The_store_loads_a_pbes2_identity_with_its_password_file()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(Path.Combine(dir.Path, "keys"));
        var expected = PemKey.Load(Pem("ed25519.pem"), "plain").PrincipalText;
        File.Copy(Path.Combine(Dir, "ed25519.scrypt.pem"), Path.Combine(dir.Path, "keys", "me.pem"));
        File.WriteAllText(Path.Combine(dir.Path, "identity_list.json"),
            "{\"v\":1,\"identities\":{\"me\":{\"kind\":\"pem\",\"format\":\"pbes2\",\"algorithm\":\"ed25519\",\"principal\":\"" + expected + "\"}}}");
        var store = new IdentityStore(dir.Path);
        Assert.Equal(expected, store.Load("me", IdentityStore.PasswordFile(Path.Combine(Dir, "password.txt"))).PrincipalText);
        var unreadable = Assert.Throws<IdentityException>(() => store.Load("me", IdentityStore.PasswordFile(Path.Combine(dir.Path, "none.txt"))));
        Assert.StartsWith($"identity password file {Path.Combine(dir.Path, "none.txt")}: cannot be read", unreadable.Message);
    }

    private static byte[] WithScryptN(byte[] der, long n)
    {
        var info = new AsnReader(der, AsnEncodingRules.DER).ReadSequence();
        var alg = info.ReadSequence();
        var scheme = alg.ReadObjectIdentifier();
        var pbes2 = alg.ReadSequence();
        var kdf = pbes2.ReadSequence();
        var kdfOid = kdf.ReadObjectIdentifier();
        var p = kdf.ReadSequence();
        var salt = p.ReadOctetString();
        p.ReadInteger();
        var r = p.ReadInteger();
        var par = p.ReadInteger();
        var cipher = pbes2.ReadEncodedValue().ToArray();
        var data = info.ReadOctetString();
        var w = new AsnWriter(AsnEncodingRules.DER);
        using (w.PushSequence())
        {
            using (w.PushSequence())
            {
                w.WriteObjectIdentifier(scheme);
                using (w.PushSequence())
                {
                    using (w.PushSequence())
                    {
                        w.WriteObjectIdentifier(kdfOid);
                        using (w.PushSequence()) { w.WriteOctetString(salt); w.WriteInteger(n); w.WriteInteger(r); w.WriteInteger(par); }
                    }
                    w.WriteEncodedValue(cipher);
                }
            }
            w.WriteOctetString(data);
        }
        return w.Encode();
    }
}
