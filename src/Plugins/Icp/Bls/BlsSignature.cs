namespace PluginHost.Plugins.Icp.Bls;

/// <summary>BLS signatures as the IC uses them: signature in G1 (48 bytes), public key in G2 (96 bytes), DST BLS_SIG_BLS12381G1_XMD:SHA-256_SSWU_RO_NUL_. Not constant-time: it only handles public data.</summary>
public static class BlsSignature
{
    /// <summary>The IC's signature domain separation tag.</summary>
    public static ReadOnlySpan<byte> Dst => "BLS_SIG_BLS12381G1_XMD:SHA-256_SSWU_RO_NUL_"u8;

    /// <summary>True when <paramref name="signature"/> is a valid signature of <paramref name="message"/> under <paramref name="publicKey"/>; throws <see cref="FormatException"/> on malformed points.</summary>
    public static bool Verify(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        var pk = G2Point.Decompress(publicKey);
        var sig = G1Point.Decompress(signature);
        if (pk.IsInfinity || sig.IsInfinity) return false;
        var h = HashToG1.Hash(message, Dst);
        // e(sig, -g2) * e(H(m), pk) == 1
        return Pairing.ProductIsOne([(sig, G2Point.Generator.Negate()), (h, pk)]);
    }
}
