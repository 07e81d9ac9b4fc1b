using System.Security.Cryptography;
using PluginHost.Plugins.Icp;
using PluginHost.Plugins.Icp.Identities;
using PluginHost.Plugins.Tests.TestSupport;
using Xunit;

namespace PluginHost.Plugins.Tests.Icp.Agent;

public sealed class IdentityTests
{
    [Theory]
    [InlineData("", "d14a028c2a3a2bc9476102bb288234c415a2b01f828ea62ac5b3e42f")]
    [InlineData("abc", "23097d223405d8228642a477bda255b32aadbce4bda0b3f7e36c9da7")]
    [InlineData("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "75388b16512776cc5dba5da1fd890150b0c6455cb4f58b1952522525")]
    public void Sha224_matches_the_fips_vectors(string text, string digest) =>
        Assert.Equal(digest, Convert.ToHexStringLower(Sha224.HashData(System.Text.Encoding.ASCII.GetBytes(text))));

    [Fact]
    public void Sha224_matches_node_crypto_across_block_boundaries()
    {
        foreach (var length in new[] { 1, 55, 56, 63, 64, 65, 119, 120, 200 })
        {
            var data = RandomNumberGenerator.GetBytes(length);
            Assert.Equal(NodeIc.Oracle("sha224", Convert.ToHexString(data)), Convert.ToHexStringLower(Sha224.HashData(data)));
        }
    }

    [Fact]
    public void Ed25519_principal_key_and_signature_are_those_of_agent_js()
    {
        var seed = RandomNumberGenerator.GetBytes(32);
        var message = RandomNumberGenerator.GetBytes(45);
        using var identity = new Ed25519Identity(seed);
        var js = NodeIc.OracleJson("ed25519", Convert.ToHexString(seed), Convert.ToHexString(message));
        Assert.Equal(js.GetProperty("principal").GetString(), identity.PrincipalText);
        Assert.Equal(js.GetProperty("der").GetString(), Convert.ToHexStringLower(identity.PublicKeyDer));
        Assert.Equal(js.GetProperty("sig").GetString(), Convert.ToHexStringLower(identity.Sign(message)));
    }

    [Fact]
    public void Secp256k1_principal_key_and_signature_are_those_of_agent_js()
    {
        var secret = RandomNumberGenerator.GetBytes(32);
        var message = RandomNumberGenerator.GetBytes(45);
        var identity = new Secp256k1Identity(secret);
        var js = NodeIc.OracleJson("secp256k1", Convert.ToHexString(secret), Convert.ToHexString(message));
        Assert.Equal(js.GetProperty("principal").GetString(), identity.PrincipalText);
        Assert.Equal(js.GetProperty("der").GetString(), Convert.ToHexStringLower(identity.PublicKeyDer));
        Assert.Equal(js.GetProperty("sig").GetString(), Convert.ToHexStringLower(identity.Sign(message)));
    }

    [Fact]
    public void Principal_text_round_trips_and_anonymous_is_2vxsx_fae()
    {
        Assert.Equal("2vxsx-fae", Principal.ToText([0x04]));
        Assert.Equal("ryjl3-tyaaa-aaaaa-aaaba-cai", Principal.ToText(Principal.Parse("ryjl3-tyaaa-aaaaa-aaaba-cai")));
    }

    [Fact]
    public void Store_loads_icp_cli_pem_identities_and_names_bad_ones()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(Path.Combine(dir.Path, "keys"));
        using var ed = ECDsa.Create(ECCurve.CreateFromValue("1.3.132.0.10"));
        var secp = ed.ExportPkcs8PrivateKey();
        var expected = new Secp256k1Identity(ed.ExportParameters(true).D!).PrincipalText;
        File.WriteAllText(Path.Combine(dir.Path, "keys", "k.pem"), PemEncoding.WriteString("PRIVATE KEY", secp));
        File.WriteAllText(Path.Combine(dir.Path, "keys", "enc.pem"), PemEncoding.WriteString("ENCRYPTED PRIVATE KEY", [0x30, 0x00]));
        File.WriteAllText(Path.Combine(dir.Path, "identity_list.json"),
            "{\"v\":1,\"identities\":{\"anonymous\":{\"kind\":\"anonymous\"},"
            + "\"k\":{\"kind\":\"pem\",\"format\":\"plaintext\",\"algorithm\":\"secp256k1\",\"principal\":\"" + expected + "\"},"
            + "\"enc\":{\"kind\":\"pem\",\"format\":\"pbes2\",\"algorithm\":\"ed25519\",\"principal\":\"aaaaa-aa\"}}}");
        File.WriteAllText(Path.Combine(dir.Path, "identity_defaults.json"), """{"v":1,"default":"k"}""");
        var store = new IdentityStore(dir.Path);
        Assert.Equal(expected, store.Load().PrincipalText);
        Assert.Same(AnonymousIdentity.Instance, store.Load("anonymous"));
        Assert.Contains("no identity found with name `nobody`", Assert.Throws<IdentityException>(() => store.Load("nobody")).Message);
        Assert.Contains("encrypted", Assert.Throws<IdentityException>(() => store.Load("enc")).Message);
    }
}
