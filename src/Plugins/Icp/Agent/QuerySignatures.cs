using NSec.Cryptography;
using PluginHost.Plugins.Icp.Certificates;

namespace PluginHost.Plugins.Icp.Agent;

/// <summary>Checks the node signatures of a query reply (interface spec, "Query call"): each signs
/// "\x0Bic-response" followed by the request id of the reply's fields, its timestamp and the query's request id.</summary>
public static class QuerySignatures
{
    private static readonly byte[] ResponseDomain = [0x0b, .. "ic-response"u8];

    /// <summary>The hash a node signs for <paramref name="reply"/> (status `replied` or `rejected`) at <paramref name="timestamp"/>.</summary>
    public static byte[] ResponseHash(IReadOnlyDictionary<string, object?> reply, byte[] queryRequestId, ulong timestamp)
    {
        var fields = new Dictionary<string, object> { ["timestamp"] = timestamp, ["request_id"] = queryRequestId };
        switch (reply.GetValueOrDefault("status"))
        {
            case "replied":
                var arg = (reply.GetValueOrDefault("reply") as Dictionary<string, object?>)?.GetValueOrDefault("arg") as byte[]
                    ?? throw new IcpAgentException("query reply has no reply.arg");
                fields["status"] = "replied";
                fields["reply"] = new Dictionary<string, object> { ["arg"] = arg };
                break;
            case "rejected":
                fields["status"] = "rejected";
                fields["reject_code"] = reply.GetValueOrDefault("reject_code") as ulong? ?? throw new IcpAgentException("query rejection has no reject_code");
                fields["reject_message"] = reply.GetValueOrDefault("reject_message") as string ?? "";
                if (reply.GetValueOrDefault("error_code") is string errorCode) fields["error_code"] = errorCode;
                break;
            default:
                throw new IcpAgentException($"query reply has unknown status `{reply.GetValueOrDefault("status")}`");
        }
        return RequestId.Of(fields);
    }

    /// <summary>Throws <see cref="IcpAgentException"/> unless the reply carries at least one signature and every one is by
    /// a node of <paramref name="keys"/>, verifies, and is fresh by <paramref name="freshness"/>.</summary>
    public static void Verify(IReadOnlyDictionary<string, object?> reply, byte[] queryRequestId, SubnetNodeKeys keys,
        DateTimeOffset now, CertificateFreshness freshness)
    {
        if (reply.GetValueOrDefault("signatures") is not List<object?> { Count: > 0 } signatures)
            throw new IcpAgentException("query reply failed verification: it carries no node signatures");
        foreach (var entry in signatures)
        {
            if (entry is not Dictionary<string, object?> sig || sig.GetValueOrDefault("timestamp") is not ulong timestamp
                || sig.GetValueOrDefault("signature") is not byte[] signature || sig.GetValueOrDefault("identity") is not byte[] node)
                throw new IcpAgentException("query reply failed verification: a node signature lacks timestamp, signature or identity");
            var nodeText = Principal.ToText(node);
            if (!keys.Keys.TryGetValue(nodeText, out var raw))
                throw new IcpAgentException($"query reply failed verification: node {nodeText} is not a node of subnet {Principal.ToText(keys.SubnetId)}");
            var time = DateTimeOffset.UnixEpoch.AddTicks((long)(timestamp / 100));
            if (now - time > freshness.MaxAge || time - now > freshness.MaxFutureSkew)
                throw new IcpAgentException($"query reply failed verification: node {nodeText} signed it at {time:O}, outside the freshness window");
            byte[] message = [.. ResponseDomain, .. ResponseHash(reply, queryRequestId, timestamp)];
            var key = PublicKey.Import(SignatureAlgorithm.Ed25519, raw, KeyBlobFormat.RawPublicKey);
            if (!SignatureAlgorithm.Ed25519.Verify(key, message, signature))
                throw new IcpAgentException($"query reply failed verification: the signature of node {nodeText} does not verify");
        }
    }
}
