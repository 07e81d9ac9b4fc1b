using System.Formats.Cbor;
using System.Text;
using PluginHost.Plugins.Icp.Certificates;

namespace PluginHost.Plugins.Tests.Icp.Certificates;

/// <summary>Builds CBOR certificates for tests, signed by noble with a throwaway key.</summary>
internal static class CertificateBuilder
{
    public static HashTree Label(string label, HashTree sub) => new HashTree.Labeled(Encoding.UTF8.GetBytes(label), sub);
    public static HashTree Label(byte[] label, HashTree sub) => new HashTree.Labeled(label, sub);
    public static HashTree Leaf(byte[] value) => new HashTree.Leaf(value);

    /// <summary>Forks a list of (sorted) subtrees into one tree.</summary>
    public static HashTree Forks(params HashTree[] trees) =>
        trees.Length == 1 ? trees[0] : new HashTree.Fork(Forks(trees[..(trees.Length / 2)]), Forks(trees[(trees.Length / 2)..]));

    public static HashTree TimeLeaf(DateTimeOffset time) =>
        Label("time", Leaf(Leb128.WriteUnsigned((ulong)(time - DateTimeOffset.UnixEpoch).Ticks * 100)));

    public static byte[] SignedRoot(HashTree tree, byte[] secretKey, out byte[] publicKey)
    {
        byte[] message = [0x0d, .. "ic-state-root"u8, .. tree.Digest()];
        var (pk, sig) = NobleOracle.Sign(secretKey, message);
        publicKey = pk;
        return sig;
    }

    public static byte[] Encode(HashTree tree, byte[] signature, (byte[] Subnet, byte[] Certificate)? delegation = null)
    {
        var w = new CborWriter();
        w.WriteTag((CborTag)55799);
        w.WriteStartMap(delegation is null ? 2 : 3);
        w.WriteTextString("tree");
        Write(w, tree);
        w.WriteTextString("signature");
        w.WriteByteString(signature);
        if (delegation is { } d)
        {
            w.WriteTextString("delegation");
            w.WriteStartMap(2);
            w.WriteTextString("subnet_id");
            w.WriteByteString(d.Subnet);
            w.WriteTextString("certificate");
            w.WriteByteString(d.Certificate);
            w.WriteEndMap();
        }
        w.WriteEndMap();
        return w.Encode();
    }

    public static byte[] Ranges(params (byte[] Low, byte[] High)[] ranges)
    {
        var w = new CborWriter();
        w.WriteStartArray(ranges.Length);
        foreach (var (low, high) in ranges)
        {
            w.WriteStartArray(2);
            w.WriteByteString(low);
            w.WriteByteString(high);
            w.WriteEndArray();
        }
        w.WriteEndArray();
        return w.Encode();
    }

    private static void Write(CborWriter w, HashTree tree)
    {
        switch (tree)
        {
            case HashTree.Empty: w.WriteStartArray(1); w.WriteUInt32(0); break;
            case HashTree.Fork f: w.WriteStartArray(3); w.WriteUInt32(1); Write(w, f.Left); Write(w, f.Right); break;
            case HashTree.Labeled l: w.WriteStartArray(3); w.WriteUInt32(2); w.WriteByteString(l.Label); Write(w, l.Subtree); break;
            case HashTree.Leaf v: w.WriteStartArray(2); w.WriteUInt32(3); w.WriteByteString(v.Value); break;
            case HashTree.Pruned p: w.WriteStartArray(2); w.WriteUInt32(4); w.WriteByteString(p.Hash); break;
        }
        w.WriteEndArray();
    }
}
