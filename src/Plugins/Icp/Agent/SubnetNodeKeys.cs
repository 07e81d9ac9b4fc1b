using System.Text;
using PluginHost.Plugins.Icp.Certificates;

namespace PluginHost.Plugins.Icp.Agent;

/// <summary>The Ed25519 keys of the nodes of the subnet a canister lives on, read from a verified read_state
/// certificate of the path `/subnet` (`/subnet/&lt;subnet&gt;/node/&lt;node&gt;/public_key`), as agents check query signatures with.</summary>
/// <param name="SubnetId">The subnet's principal.</param>
/// <param name="Keys">Raw 32-byte Ed25519 public key by node principal text.</param>
public sealed record SubnetNodeKeys(byte[] SubnetId, IReadOnlyDictionary<string, byte[]> Keys)
{
    private static readonly byte[] Ed25519DerPrefix = Convert.FromHexString("302a300506032b6570032100");

    /// <summary>Reads the node keys from <paramref name="certificate"/> (already verified for <paramref name="canister"/>):
    /// the subnet is the delegation's, or the root subnet's (self-authenticating principal of the root key) without one;
    /// the canister must lie in that subnet's canister ranges.</summary>
    public static SubnetNodeKeys From(Certificate certificate, byte[] rootKeyDer, ReadOnlySpan<byte> canister)
    {
        var subnet = certificate.Delegation?.SubnetId ?? Principal.SelfAuthenticating(rootKeyDer);
        var label = Encoding.UTF8.GetBytes("subnet");
        var ranges = certificate.Lookup(label, subnet, Encoding.UTF8.GetBytes("canister_ranges"));
        if (ranges.Status != LookupStatus.Found)
            throw new IcpAgentException($"subnet {Principal.ToText(subnet)} state has no canister_ranges ({ranges.Status})");
        if (!CertificateVerifier.InRanges(ranges.Value!, canister))
            throw new IcpAgentException($"canister {Principal.ToText(canister)} is outside the canister ranges of subnet {Principal.ToText(subnet)}");
        var keys = new Dictionary<string, byte[]>();
        foreach (var node in certificate.Tree.Children(label, subnet, Encoding.UTF8.GetBytes("node")))
        {
            var der = node.Subtree.Lookup("public_key");
            if (der.Status != LookupStatus.Found || der.Value!.Length != 44 || !der.Value.AsSpan(0, 12).SequenceEqual(Ed25519DerPrefix))
                throw new IcpAgentException($"node {Principal.ToText(node.Label)} of subnet {Principal.ToText(subnet)} has no DER Ed25519 public_key");
            keys[Principal.ToText(node.Label)] = der.Value[12..];
        }
        if (keys.Count == 0) throw new IcpAgentException($"subnet {Principal.ToText(subnet)} state lists no node keys");
        return new SubnetNodeKeys(subnet, keys);
    }
}
