using System.Formats.Cbor;
using PluginHost.Plugins.Icp.Identities;

namespace PluginHost.Plugins.Icp.Agent;

/// <summary>A signed request: its content fields, request id and CBOR envelope (content, sender_pubkey, sender_sig).</summary>
public sealed record Envelope(byte[] RequestId, byte[] Cbor)
{
    private static readonly byte[] Domain = [0x0a, .. "ic-request"u8];

    /// <summary>Signs <paramref name="content"/> (values: string, byte[], ulong, lists) as <paramref name="identity"/>.</summary>
    public static Envelope Sign(IReadOnlyDictionary<string, object> content, IcpIdentity identity)
    {
        var id = Agent.RequestId.Of(content);
        var w = new CborWriter(CborConformanceMode.Lax);
        w.WriteTag((CborTag)55799);
        var signed = identity.PublicKeyDer is not null;
        w.WriteStartMap(signed ? 3 : 1);
        w.WriteTextString("content");
        Write(w, content);
        if (signed)
        {
            w.WriteTextString("sender_pubkey");
            w.WriteByteString(identity.PublicKeyDer!);
            w.WriteTextString("sender_sig");
            w.WriteByteString(identity.Sign([.. Domain, .. id]));
        }
        w.WriteEndMap();
        return new Envelope(id, w.Encode());
    }

    /// <summary>The content of an update call.</summary>
    public static Dictionary<string, object> Call(byte[] sender, byte[] canister, string method, byte[] arg, ulong expiry, byte[] nonce) => new()
    {
        ["request_type"] = "call", ["sender"] = sender, ["canister_id"] = canister, ["method_name"] = method,
        ["arg"] = arg, ["ingress_expiry"] = expiry, ["nonce"] = nonce,
    };

    /// <summary>The content of a query call.</summary>
    public static Dictionary<string, object> Query(byte[] sender, byte[] canister, string method, byte[] arg, ulong expiry) => new()
    {
        ["request_type"] = "query", ["sender"] = sender, ["canister_id"] = canister, ["method_name"] = method,
        ["arg"] = arg, ["ingress_expiry"] = expiry,
    };

    /// <summary>The content of a read_state request for the status of <paramref name="requestId"/>.</summary>
    public static Dictionary<string, object> ReadRequestStatus(byte[] sender, byte[] requestId, ulong expiry) => new()
    {
        ["request_type"] = "read_state", ["sender"] = sender, ["ingress_expiry"] = expiry,
        ["paths"] = new List<object> { new List<object> { "request_status"u8.ToArray(), requestId } },
    };

    /// <summary>The content of a read_state request for the whole `/subnet` subtree (node keys and canister ranges).</summary>
    public static Dictionary<string, object> ReadSubnet(byte[] sender, ulong expiry) => new()
    {
        ["request_type"] = "read_state", ["sender"] = sender, ["ingress_expiry"] = expiry,
        ["paths"] = new List<object> { new List<object> { "subnet"u8.ToArray() } },
    };

    private static void Write(CborWriter w, object value)
    {
        switch (value)
        {
            case string s: w.WriteTextString(s); break;
            case byte[] b: w.WriteByteString(b); break;
            case ulong n: w.WriteUInt64(n); break;
            case IReadOnlyDictionary<string, object> map:
                w.WriteStartMap(map.Count);
                foreach (var (k, v) in map) { w.WriteTextString(k); Write(w, v); }
                w.WriteEndMap();
                break;
            case IEnumerable<object> list:
                var items = list.ToList();
                w.WriteStartArray(items.Count);
                foreach (var item in items) Write(w, item);
                w.WriteEndArray();
                break;
            default: throw new ArgumentException($"request field of type {value.GetType().Name} has no CBOR encoding");
        }
    }
}
