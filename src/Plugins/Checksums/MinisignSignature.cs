using System.Text;

namespace PluginHost.Plugins.Checksums;

/// <summary>A parsed <c>.minisig</c> file: algorithm, key id, signature, trusted comment and global signature.</summary>
public sealed class MinisignSignature
{
    private MinisignSignature(bool prehashed, byte[] keyId, byte[] signature, string trustedComment, byte[] globalSignature)
    {
        Prehashed = prehashed;
        KeyId = keyId;
        Signature = signature;
        TrustedComment = trustedComment;
        GlobalSignature = globalSignature;
    }

    /// <summary>True for the <c>ED</c> algorithm (signature over the BLAKE2b-512 of the file); false for legacy <c>Ed</c>.</summary>
    public bool Prehashed { get; }

    /// <summary>The 8-byte id of the signing key.</summary>
    public byte[] KeyId { get; }

    /// <summary>The 64-byte Ed25519 signature of the file (or of its BLAKE2b-512 hash).</summary>
    public byte[] Signature { get; }

    /// <summary>The trusted comment text (after <c>trusted comment: </c>).</summary>
    public string TrustedComment { get; }

    /// <summary>The 64-byte Ed25519 signature over <see cref="Signature"/> followed by the trusted comment.</summary>
    public byte[] GlobalSignature { get; }

    /// <summary>Parses the text of a <c>.minisig</c> file; <paramref name="source"/> names it in errors.</summary>
    public static MinisignSignature Parse(string text, string source)
    {
        string[] lines = text.Replace("\r", string.Empty).Split('\n');
        if (lines.Length < 4)
        {
            throw new ChecksumException($"Minisign signature '{source}' has {lines.Length} lines; expected 4 (untrusted comment, signature, trusted comment, global signature).");
        }

        if (!lines[0].StartsWith("untrusted comment:", StringComparison.Ordinal))
        {
            throw new ChecksumException($"Minisign signature '{source}': line 1 must start with 'untrusted comment:'.");
        }

        byte[] sigBytes = DecodeBase64(lines[1].Trim(), source, 2);
        if (sigBytes.Length != 74)
        {
            throw new ChecksumException($"Minisign signature '{source}': line 2 decodes to {sigBytes.Length} bytes; expected 74.");
        }

        bool prehashed = (sigBytes[0], sigBytes[1]) switch
        {
            ((byte)'E', (byte)'d') => false,
            ((byte)'E', (byte)'D') => true,
            _ => throw new ChecksumException($"Minisign signature '{source}': unknown signature algorithm '{Encoding.ASCII.GetString(sigBytes, 0, 2)}' (expected 'Ed' or 'ED')."),
        };

        const string trustedPrefix = "trusted comment: ";
        if (!lines[2].StartsWith(trustedPrefix, StringComparison.Ordinal))
        {
            throw new ChecksumException($"Minisign signature '{source}': line 3 must start with '{trustedPrefix}'.");
        }

        byte[] global = DecodeBase64(lines[3].Trim(), source, 4);
        if (global.Length != 64)
        {
            throw new ChecksumException($"Minisign signature '{source}': line 4 decodes to {global.Length} bytes; expected 64.");
        }

        return new MinisignSignature(prehashed, sigBytes[2..10], sigBytes[10..74], lines[2][trustedPrefix.Length..], global);
    }

    /// <summary>Formats a key id as minisign shows it (uppercase hex of the little-endian 64-bit value).</summary>
    public static string FormatKeyId(byte[] keyId) => Convert.ToHexString(keyId.Reverse().ToArray());

    private static byte[] DecodeBase64(string line, string source, int lineNumber)
    {
        try
        {
            return Convert.FromBase64String(line);
        }
        catch (FormatException e)
        {
            throw new ChecksumException($"Minisign signature '{source}': line {lineNumber} is not valid base64.", e);
        }
    }
}
