namespace PluginHost.Plugins.Icp.Certificates;

/// <summary>The IC's DER wrapping of a 96-byte BLS12-381 G2 public key (the root key and subnet keys).</summary>
public static class BlsPublicKeyDer
{
    /// <summary>SubjectPublicKeyInfo prefix: algorithm 1.3.6.1.4.1.44668.5.3.1.2.1, curve 1.3.6.1.4.1.44668.5.3.2.1, bit string of 97 bytes.</summary>
    public static ReadOnlySpan<byte> Prefix =>
    [
        0x30, 0x81, 0x82, 0x30, 0x1d, 0x06, 0x0d, 0x2b, 0x06, 0x01, 0x04, 0x01, 0x82, 0xdc, 0x7c, 0x05, 0x03, 0x01, 0x02, 0x01,
        0x06, 0x0c, 0x2b, 0x06, 0x01, 0x04, 0x01, 0x82, 0xdc, 0x7c, 0x05, 0x03, 0x02, 0x01, 0x03, 0x61, 0x00,
    ];

    /// <summary>The raw 96-byte key inside a DER-wrapped key; throws <see cref="CertificateException"/> naming what was expected.</summary>
    public static byte[] Unwrap(ReadOnlySpan<byte> der, string what)
    {
        if (der.Length != Prefix.Length + 96 || !der[..Prefix.Length].SequenceEqual(Prefix))
            throw new CertificateException($"{what} is not a DER-wrapped BLS12-381 public key ({der.Length} bytes, expected {Prefix.Length + 96} starting with the IC's BLS OID prefix)");
        return der[Prefix.Length..].ToArray();
    }

    /// <summary>Wraps a raw 96-byte key in the IC's DER prefix.</summary>
    public static byte[] Wrap(ReadOnlySpan<byte> raw)
    {
        if (raw.Length != 96) throw new ArgumentException($"BLS public key has {raw.Length} bytes, expected 96");
        return [.. Prefix, .. raw];
    }
}
