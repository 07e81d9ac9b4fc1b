using System.Formats.Cbor;
using System.Security.Cryptography;
using System.Text;

namespace PluginHost.Plugins.Icp.Certificates;

/// <summary>A node of an IC hash tree (interface spec, "Certification"): empty, fork, labeled, leaf or pruned.</summary>
public abstract record HashTree
{
    /// <summary>The empty tree.</summary>
    public sealed record Empty : HashTree;
    /// <summary>Two subtrees.</summary>
    public sealed record Fork(HashTree Left, HashTree Right) : HashTree;
    /// <summary>A label over a subtree.</summary>
    public sealed record Labeled(byte[] Label, HashTree Subtree) : HashTree;
    /// <summary>A value.</summary>
    public sealed record Leaf(byte[] Value) : HashTree;
    /// <summary>A subtree known only by its digest.</summary>
    public sealed record Pruned(byte[] Hash) : HashTree;

    /// <summary>The reconstructed root hash (SHA-256 with the "ic-hashtree-..." domain separators).</summary>
    public byte[] Digest()
    {
        switch (this)
        {
            case Empty: return Domain("ic-hashtree-empty");
            case Fork f: return Domain("ic-hashtree-fork", f.Left.Digest(), f.Right.Digest());
            case Labeled l: return Domain("ic-hashtree-labeled", l.Label, l.Subtree.Digest());
            case Leaf v: return Domain("ic-hashtree-leaf", v.Value);
            case Pruned p: return p.Hash;
            default: throw new InvalidOperationException("unknown hash tree node");
        }
    }

    private static byte[] Domain(string separator, params byte[][] parts)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData([(byte)separator.Length]);
        sha.AppendData(Encoding.ASCII.GetBytes(separator));
        foreach (var part in parts) sha.AppendData(part);
        return sha.GetHashAndReset();
    }

    /// <summary>Looks a path of labels up as the interface spec's lookup_path does.</summary>
    public LookupResult Lookup(params byte[][] path) => Lookup(path, 0);

    /// <summary>Looks a path of UTF-8 labels up.</summary>
    public LookupResult Lookup(params string[] path) => Lookup(path.Select(Encoding.UTF8.GetBytes).ToArray(), 0);

    /// <summary>The labeled children directly under the subtree at <paramref name="path"/> (empty when the path is absent or pruned).</summary>
    public IReadOnlyList<Labeled> Children(params byte[][] path)
    {
        HashTree node = this;
        foreach (var label in path)
        {
            var nodes = new List<HashTree>();
            Flatten(node, nodes);
            var next = nodes.OfType<Labeled>().FirstOrDefault(l => l.Label.AsSpan().SequenceEqual(label));
            if (next is null) return [];
            node = next.Subtree;
        }
        var children = new List<HashTree>();
        Flatten(node, children);
        return children.OfType<Labeled>().ToList();
    }

    private LookupResult Lookup(byte[][] path, int index)
    {
        if (index == path.Length)
            return this switch
            {
                Leaf v => LookupResult.Found(v.Value),
                Empty => LookupResult.Absent,
                Pruned => LookupResult.Unknown,
                _ => LookupResult.NotALeaf,
            };
        var nodes = new List<HashTree>();
        Flatten(this, nodes);
        var label = path[index];
        int lower = -1, upper = nodes.Count;
        for (var i = 0; i < nodes.Count; i++)
        {
            if (nodes[i] is not Labeled l) continue;
            var order = l.Label.AsSpan().SequenceCompareTo(label);
            if (order == 0) return l.Subtree.Lookup(path, index + 1);
            if (order < 0) lower = i;
            else { upper = i; break; }
        }
        // Absent only when the neighbours on both sides are proven (adjacent labels or the ends of the list).
        return upper - lower == 1 ? LookupResult.Absent : LookupResult.Unknown;
    }

    private static void Flatten(HashTree tree, List<HashTree> into)
    {
        switch (tree)
        {
            case Empty: break;
            case Fork f: Flatten(f.Left, into); Flatten(f.Right, into); break;
            default: into.Add(tree); break;
        }
    }

    /// <summary>Reads a CBOR-encoded hash tree (arrays tagged 0..4); throws <see cref="CertificateException"/> when malformed.</summary>
    public static HashTree Read(CborReader reader, int depth = 0)
    {
        if (depth > 128) throw new CertificateException("hash tree nested too deeply");
        var count = reader.ReadStartArray();
        var kind = reader.ReadUInt32();
        HashTree node = (kind, count) switch
        {
            (0, 1) => new Empty(),
            (1, 3) => new Fork(Read(reader, depth + 1), Read(reader, depth + 1)),
            (2, 3) => new Labeled(reader.ReadByteString(), Read(reader, depth + 1)),
            (3, 2) => new Leaf(reader.ReadByteString()),
            (4, 2) => new Pruned(ReadDigest(reader)),
            _ => throw new CertificateException($"hash tree node kind {kind} with {count} items is not empty/fork/labeled/leaf/pruned"),
        };
        reader.ReadEndArray();
        return node;
    }

    private static byte[] ReadDigest(CborReader reader)
    {
        var digest = reader.ReadByteString();
        if (digest.Length != 32) throw new CertificateException($"pruned hash tree node has {digest.Length} bytes, expected 32");
        return digest;
    }
}
