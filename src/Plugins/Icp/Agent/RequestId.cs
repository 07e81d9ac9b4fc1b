using System.Security.Cryptography;
using System.Text;

namespace PluginHost.Plugins.Icp.Agent;

/// <summary>The IC request id: the representation-independent hash of a request's fields (interface spec, "Request ids").</summary>
public static class RequestId
{
    /// <summary>The SHA-256 request id of a map of fields; values are string, byte[], ulong, IReadOnlyList of values, or nested maps.</summary>
    public static byte[] Of(IReadOnlyDictionary<string, object> fields)
    {
        var pairs = new List<byte[]>(fields.Count);
        foreach (var (key, value) in fields)
        {
            var pair = new byte[64];
            SHA256.HashData(Encoding.UTF8.GetBytes(key), pair.AsSpan(0, 32));
            HashValue(value).CopyTo(pair.AsSpan(32));
            pairs.Add(pair);
        }
        pairs.Sort((a, b) => a.AsSpan().SequenceCompareTo(b));
        using var all = new MemoryStream(pairs.Count * 64);
        foreach (var pair in pairs) all.Write(pair);
        return SHA256.HashData(all.ToArray());
    }

    private static byte[] HashValue(object value) => value switch
    {
        string text => SHA256.HashData(Encoding.UTF8.GetBytes(text)),
        byte[] blob => SHA256.HashData(blob),
        ulong nat => SHA256.HashData(Leb128(nat)),
        IReadOnlyDictionary<string, object> map => Of(map),
        IEnumerable<object> list => SHA256.HashData(list.SelectMany(HashValue).ToArray()),
        _ => throw new ArgumentException($"request field of type {value.GetType().Name} has no request-id encoding"),
    };

    private static byte[] Leb128(ulong value)
    {
        var bytes = new List<byte>(10);
        do
        {
            var b = (byte)(value & 0x7f);
            value >>= 7;
            bytes.Add(value == 0 ? b : (byte)(b | 0x80));
        } while (value != 0);
        return bytes.ToArray();
    }
}
