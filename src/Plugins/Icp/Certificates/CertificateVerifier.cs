using System.Formats.Cbor;
using System.Text;
using PluginHost.Plugins.Icp.Bls;

namespace PluginHost.Plugins.Icp.Certificates;

/// <summary>Limits for certificate freshness.</summary>
public sealed record CertificateFreshness(TimeSpan MaxAge, TimeSpan MaxFutureSkew)
{
    /// <summary>Five minutes old at most and five minutes ahead at most, as the agents allow.</summary>
    public static readonly CertificateFreshness Default = new(TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(5));
}

/// <summary>Verifies IC certificates: root hash signature, subnet delegation with canister ranges, and `/time` freshness.</summary>
public static class CertificateVerifier
{
    private static readonly byte[] StateRootDomain = [0x0d, .. "ic-state-root"u8];

    /// <summary>Decodes and verifies a certificate for a call to <paramref name="effectiveCanisterId"/>; throws <see cref="CertificateException"/> with one line naming the cause.</summary>
    public static Certificate Verify(ReadOnlySpan<byte> cbor, ReadOnlySpan<byte> rootKeyDer, ReadOnlySpan<byte> effectiveCanisterId,
        DateTimeOffset now, CertificateFreshness? freshness = null)
    {
        var certificate = Certificate.Decode(cbor);
        var rootKey = BlsPublicKeyDer.Unwrap(rootKeyDer, "root key");
        var signingKey = certificate.Delegation is { } delegation
            ? DelegatedKey(delegation, rootKey, effectiveCanisterId)
            : rootKey;
        CheckSignature(certificate, signingKey, "certificate");
        CheckFresh(certificate.Time, now, freshness ?? CertificateFreshness.Default);
        return certificate;
    }

    private static void CheckSignature(Certificate certificate, byte[] publicKey, string what)
    {
        var message = new byte[StateRootDomain.Length + 32];
        StateRootDomain.CopyTo(message, 0);
        certificate.Tree.Digest().CopyTo(message, StateRootDomain.Length);
        bool valid;
        try { valid = BlsSignature.Verify(publicKey, message, certificate.Signature); }
        catch (FormatException e) { throw new CertificateException($"{what} signature or key is malformed: {e.Message}"); }
        if (!valid) throw new CertificateException($"{what} signature does not verify against the {(what == "certificate" ? "signing" : "root")} key (tampered tree or wrong root key)");
    }

    private static byte[] DelegatedKey(Delegation delegation, byte[] rootKey, ReadOnlySpan<byte> effectiveCanisterId)
    {
        var inner = Certificate.Decode(delegation.Certificate);
        if (inner.Delegation is not null) throw new CertificateException("delegation certificate itself has a delegation (nested delegations are not allowed)");
        CheckSignature(inner, rootKey, "delegation certificate");
        var subnet = Encoding.UTF8.GetBytes("subnet");
        var keyLeaf = inner.Lookup(subnet, delegation.SubnetId, Encoding.UTF8.GetBytes("public_key"));
        if (keyLeaf.Status != LookupStatus.Found) throw new CertificateException($"delegation certificate has no /subnet/<id>/public_key ({keyLeaf.Status})");
        var rangesLeaf = inner.Lookup(subnet, delegation.SubnetId, Encoding.UTF8.GetBytes("canister_ranges"));
        if (rangesLeaf.Status != LookupStatus.Found) throw new CertificateException($"delegation certificate has no /subnet/<id>/canister_ranges ({rangesLeaf.Status})");
        if (!InRanges(rangesLeaf.Value!, effectiveCanisterId))
            throw new CertificateException($"canister {Convert.ToHexString(effectiveCanisterId).ToLowerInvariant()} is outside the canister ranges of delegated subnet {Convert.ToHexString(delegation.SubnetId).ToLowerInvariant()}");
        return BlsPublicKeyDer.Unwrap(keyLeaf.Value!, "subnet public key");
    }

    /// <summary>Whether <paramref name="canister"/> lies in a CBOR list of [low, high] canister ranges.</summary>
    internal static bool InRanges(byte[] cbor, ReadOnlySpan<byte> canister)
    {
        try
        {
            var reader = new CborReader(cbor, CborConformanceMode.Lax);
            if (reader.PeekState() == CborReaderState.Tag) reader.ReadTag();
            reader.ReadStartArray();
            var inside = false;
            while (reader.PeekState() != CborReaderState.EndArray)
            {
                reader.ReadStartArray();
                var low = reader.ReadByteString();
                var high = reader.ReadByteString();
                reader.ReadEndArray();
                if (canister.SequenceCompareTo(low) >= 0 && canister.SequenceCompareTo(high) <= 0) inside = true;
            }
            reader.ReadEndArray();
            return inside;
        }
        catch (Exception e) when (e is CborContentException or InvalidOperationException)
        {
            throw new CertificateException($"delegation canister_ranges is not a CBOR list of [low, high] principals: {e.Message}");
        }
    }

    private static void CheckFresh(DateTimeOffset time, DateTimeOffset now, CertificateFreshness freshness)
    {
        if (now - time > freshness.MaxAge)
            throw new CertificateException($"certificate is stale: /time {time:O} is {(now - time).TotalSeconds:F0} s before now (max {freshness.MaxAge.TotalSeconds:F0} s)");
        if (time - now > freshness.MaxFutureSkew)
            throw new CertificateException($"certificate is from the future: /time {time:O} is {(time - now).TotalSeconds:F0} s after now (max {freshness.MaxFutureSkew.TotalSeconds:F0} s)");
    }
}
