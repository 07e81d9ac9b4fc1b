namespace PluginHost.Plugins.Checksums;

/// <summary>The hash a checksum file expects for one file.</summary>
/// <param name="Algorithm">The algorithm, chosen by the hash length.</param>
/// <param name="Hex">The expected hash, lowercase hex.</param>
public sealed record ExpectedChecksum(ChecksumAlgorithm Algorithm, string Hex)
{
    /// <summary>Builds an expected checksum from a hex string, choosing the algorithm by its length (64 = SHA-256, 128 = SHA-512).</summary>
    public static ExpectedChecksum FromHex(string hex, string source)
    {
        string trimmed = hex.Trim();
        if (!IsHex(trimmed))
        {
            throw new ChecksumException($"{source}: '{Shorten(trimmed)}' is not a hex hash (expected 64 hex digits for SHA-256 or 128 for SHA-512).");
        }

        return trimmed.Length switch
        {
            64 => new ExpectedChecksum(ChecksumAlgorithm.Sha256, trimmed.ToLowerInvariant()),
            128 => new ExpectedChecksum(ChecksumAlgorithm.Sha512, trimmed.ToLowerInvariant()),
            _ => throw new ChecksumException(
                $"{source}: hash has {trimmed.Length} hex digits; expected 64 (SHA-256) or 128 (SHA-512)."),
        };
    }

    /// <summary>True when <paramref name="text"/> is a non-empty run of hex digits.</summary>
    public static bool IsHex(string text) => text.Length > 0 && text.All(char.IsAsciiHexDigit);

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "...";
}
