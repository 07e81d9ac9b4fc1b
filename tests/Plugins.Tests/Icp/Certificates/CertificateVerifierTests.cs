using PluginHost.Plugins.Icp.Certificates;
using static PluginHost.Plugins.Tests.Icp.Certificates.CertificateBuilder;

namespace PluginHost.Plugins.Tests.Icp.Certificates;

public sealed class CertificateVerifierTests
{
    private static readonly byte[] RootSecret = Key(7);
    private static readonly byte[] SubnetSecret = Key(11);
    private static readonly byte[] SubnetId = [0x01, 0x02, 0x03];
    private static readonly byte[] Canister = [0, 0, 0, 0, 0, 0, 0, 5, 1, 1];
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 17, 0, 0, TimeSpan.Zero);

    private static byte[] Key(byte last) { var k = new byte[32]; k[31] = last; return k; }

    private static HashTree StateTree(DateTimeOffset time) =>
        Forks(Label("request_status", Label("abc", Label("reply", Leaf([0x44, 0x49, 0x44, 0x4c])))), TimeLeaf(time));

    private static (byte[] Cbor, byte[] RootDer) Direct(HashTree tree)
    {
        var sig = SignedRoot(tree, RootSecret, out var pk);
        return (Encode(tree, sig), BlsPublicKeyDer.Wrap(pk));
    }

    [Fact]
    public void A_root_signed_certificate_verifies_and_its_paths_look_up()
    {
        var (cbor, root) = Direct(StateTree(Now.AddSeconds(-10)));
        var cert = CertificateVerifier.Verify(cbor, root, Canister, Now);
        Assert.Equal(LookupStatus.Found, cert.Lookup("request_status", "abc", "reply").Status);
        Assert.Equal([0x44, 0x49, 0x44, 0x4c], cert.Lookup("request_status", "abc", "reply").Value);
        Assert.Equal(LookupStatus.Absent, cert.Lookup("request_status", "abd").Status);
        Assert.Equal(LookupStatus.Absent, cert.Lookup("aaa").Status);
        Assert.Equal(LookupStatus.NotALeaf, cert.Lookup("request_status").Status);
        Assert.Equal(Now.AddSeconds(-10), cert.Time);
    }

    [Fact]
    public void Pruned_subtrees_keep_the_root_hash_and_make_lookups_unknown()
    {
        var full = StateTree(Now);
        var status = Label("request_status", Label("abc", Label("reply", Leaf([1]))));
        var pruned = Forks(new HashTree.Pruned(status.Digest()), TimeLeaf(Now));
        Assert.Equal(Forks(status, TimeLeaf(Now)).Digest(), pruned.Digest());
        Assert.Equal(LookupStatus.Unknown, pruned.Lookup("request_status", "abc", "reply").Status);
        Assert.Equal(LookupStatus.Unknown, pruned.Lookup("q").Status);
        Assert.Equal(LookupStatus.Found, full.Lookup("time").Status);
    }

    [Fact]
    public void A_tampered_tree_is_refused()
    {
        var tree = StateTree(Now);
        var sig = SignedRoot(tree, RootSecret, out var pk);
        var tampered = Forks(Label("request_status", Label("abc", Label("reply", Leaf([0x45])))), TimeLeaf(Now));
        var e = Assert.Throws<CertificateException>(() => CertificateVerifier.Verify(Encode(tampered, sig), BlsPublicKeyDer.Wrap(pk), Canister, Now));
        Assert.Contains("signature does not verify", e.Message);
    }

    [Fact]
    public void A_different_root_key_is_refused()
    {
        var (cbor, _) = Direct(StateTree(Now));
        var other = BlsPublicKeyDer.Wrap(NobleOracle.Sign(Key(9), [1]).PublicKey);
        Assert.Throws<CertificateException>(() => CertificateVerifier.Verify(cbor, other, Canister, Now));
        var e = Assert.Throws<CertificateException>(() => CertificateVerifier.Verify(cbor, new byte[96], Canister, Now));
        Assert.Contains("root key is not a DER-wrapped BLS12-381 public key", e.Message);
    }

    [Fact]
    public void Stale_and_future_certificates_are_refused()
    {
        var (stale, root) = Direct(StateTree(Now.AddMinutes(-6)));
        Assert.Contains("stale", Assert.Throws<CertificateException>(() => CertificateVerifier.Verify(stale, root, Canister, Now)).Message);
        var (future, _) = Direct(StateTree(Now.AddMinutes(6)));
        Assert.Contains("future", Assert.Throws<CertificateException>(() => CertificateVerifier.Verify(future, root, Canister, Now)).Message);
        var longer = new CertificateFreshness(TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(1));
        Assert.NotNull(CertificateVerifier.Verify(stale, root, Canister, Now, longer));
    }

    private static (byte[] Cbor, byte[] RootDer) Delegated(byte[] low, byte[] high, bool nested = false)
    {
        var subnetPk = NobleOracle.Sign(SubnetSecret, [0]).PublicKey;
        var inner = Forks(
            Label("subnet", Label(SubnetId, Forks(Label("canister_ranges", Leaf(Ranges((low, high)))),
                Label("public_key", Leaf(BlsPublicKeyDer.Wrap(subnetPk)))))),
            TimeLeaf(Now.AddHours(-1)));
        var innerSig = SignedRoot(inner, RootSecret, out var rootPk);
        var innerCbor = Encode(inner, innerSig, nested ? (SubnetId, Encode(inner, innerSig)) : null);
        var outer = StateTree(Now);
        var outerSig = SignedRoot(outer, SubnetSecret, out _);
        return (Encode(outer, outerSig, (SubnetId, innerCbor)), BlsPublicKeyDer.Wrap(rootPk));
    }

    [Fact]
    public void A_delegated_certificate_verifies_for_a_canister_in_range_and_is_refused_outside()
    {
        var (cbor, root) = Delegated([0, 0, 0, 0, 0, 0, 0, 0, 1, 1], [0, 0, 0, 0, 0, 0, 0, 9, 1, 1]);
        Assert.Equal(LookupStatus.Found, CertificateVerifier.Verify(cbor, root, Canister, Now).Lookup("time").Status);
        var e = Assert.Throws<CertificateException>(() => CertificateVerifier.Verify(cbor, root, [0, 0, 0, 0, 0, 0, 0, 10, 1, 1], Now));
        Assert.Contains("outside the canister ranges", e.Message);
    }

    [Fact]
    public void A_nested_delegation_is_refused()
    {
        var (cbor, root) = Delegated([0], [0xff], nested: true);
        Assert.Contains("nested", Assert.Throws<CertificateException>(() => CertificateVerifier.Verify(cbor, root, Canister, Now)).Message);
    }

    [Fact]
    public void Malformed_cbor_is_one_clear_error()
    {
        var e = Assert.Throws<CertificateException>(() => CertificateVerifier.Verify([0xa1, 0x64], new byte[133], Canister, Now));
        Assert.StartsWith("certificate", e.Message);
    }
}
