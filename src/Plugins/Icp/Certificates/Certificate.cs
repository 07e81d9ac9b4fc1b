using System.Formats.Cbor;

namespace PluginHost.Plugins.Icp.Certificates;

/// <summary>A decoded IC certificate: its hash tree, BLS signature and optional subnet delegation.</summary>
public sealed record Certificate(HashTree Tree, byte[] Signature, Delegation? Delegation)
{
    /// <summary>Looks a path up in the certificate's tree.</summary>
    public LookupResult Lookup(params string[] path) => Tree.Lookup(path);

    /// <summary>Looks a path of raw labels up in the certificate's tree.</summary>
    public LookupResult Lookup(params byte[][] path) => Tree.Lookup(path);

    /// <summary>The certificate's `/time` (nanoseconds since the epoch, LEB128 leaf).</summary>
    public DateTimeOffset Time
    {
        get
        {
            var found = Tree.Lookup("time");
            if (found.Status != LookupStatus.Found) throw new CertificateException($"certificate has no /time ({found.Status})");
            var nanos = Leb128.ReadUnsigned(found.Value!, "/time");
            return DateTimeOffset.UnixEpoch.AddTicks((long)(nanos / 100));
        }
    }

    /// <summary>Decodes CBOR (with or without the self-describe tag); throws <see cref="CertificateException"/> when malformed.</summary>
    public static Certificate Decode(ReadOnlySpan<byte> cbor)
    {
        try
        {
            var reader = new CborReader(cbor.ToArray(), CborConformanceMode.Lax);
            if (reader.PeekState() == CborReaderState.Tag) reader.ReadTag();
            HashTree? tree = null;
            byte[]? signature = null;
            Delegation? delegation = null;
            var count = reader.ReadStartMap();
            while (reader.PeekState() != CborReaderState.EndMap)
            {
                switch (reader.ReadTextString())
                {
                    case "tree": tree = HashTree.Read(reader); break;
                    case "signature": signature = reader.ReadByteString(); break;
                    case "delegation": delegation = Delegation.Read(reader); break;
                    default: reader.SkipValue(); break;
                }
            }
            reader.ReadEndMap();
            if (tree is null) throw new CertificateException("certificate has no `tree`");
            if (signature is null) throw new CertificateException("certificate has no `signature`");
            return new Certificate(tree, signature, delegation);
        }
        catch (CborContentException e) { throw new CertificateException($"certificate is not valid CBOR: {e.Message}"); }
        catch (InvalidOperationException e) { throw new CertificateException($"certificate CBOR has an unexpected shape: {e.Message}"); }
    }
}

/// <summary>A subnet delegation: the subnet id and the root-signed certificate holding its key and canister ranges.</summary>
public sealed record Delegation(byte[] SubnetId, byte[] Certificate)
{
    internal static Delegation Read(CborReader reader)
    {
        byte[]? subnet = null, certificate = null;
        reader.ReadStartMap();
        while (reader.PeekState() != CborReaderState.EndMap)
        {
            switch (reader.ReadTextString())
            {
                case "subnet_id": subnet = reader.ReadByteString(); break;
                case "certificate": certificate = reader.ReadByteString(); break;
                default: reader.SkipValue(); break;
            }
        }
        reader.ReadEndMap();
        if (subnet is null || certificate is null) throw new CertificateException("delegation lacks `subnet_id` or `certificate`");
        return new Delegation(subnet, certificate);
    }
}
