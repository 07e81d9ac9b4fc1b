namespace PluginHost.Plugins.Checksums;

/// <summary>A minisign public key: an 8-byte key id and a 32-byte Ed25519 key.</summary>
public sealed class MinisignPublicKey
{
    private MinisignPublicKey(byte[] keyId, byte[] key)
    {
        KeyId = keyId;
        Key = key;
    }

    /// <summary>The 8-byte key id (as stored, little-endian).</summary>
    public byte[] KeyId { get; }

    /// <summary>The 32-byte Ed25519 public key.</summary>
    public byte[] Key { get; }

    /// <summary>The key id in minisign's display form (uppercase hex of the little-endian id).</summary>
    public string KeyIdText => MinisignSignature.FormatKeyId(KeyId);

    /// <summary>Parses a base64 <c>RW...</c> key string, or the text of a minisign.pub file (comment line + key line).</summary>
    public static MinisignPublicKey Parse(string text)
    {
        string line = text.Split('\n')
            .Select(l => l.Trim())
            .LastOrDefault(l => l.Length > 0 && !l.StartsWith("untrusted comment:", StringComparison.Ordinal))
            ?? throw new ChecksumException("Minisign public key is empty (expected a base64 key such as 'RW...').");

        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(line);
        }
        catch (FormatException e)
        {
            throw new ChecksumException($"Minisign public key '{line}' is not valid base64.", e);
        }

        if (bytes.Length != 42 || bytes[0] != (byte)'E' || bytes[1] != (byte)'d')
        {
            throw new ChecksumException($"Minisign public key '{line}' is not an Ed25519 minisign key (expected 42 bytes starting with 'Ed', got {bytes.Length} bytes).");
        }

        return new MinisignPublicKey(bytes[2..10], bytes[10..42]);
    }
}
