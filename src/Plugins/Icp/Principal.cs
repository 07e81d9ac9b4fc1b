namespace PluginHost.Plugins.Icp;

/// <summary>The textual form of an IC principal (base32 of CRC32 + bytes, dash-grouped): parsing, printing, self-authenticating ids.</summary>
public static class Principal
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz234567";

    /// <summary>The raw bytes of a textual principal; throws <see cref="FormatException"/> naming the text when malformed.</summary>
    public static byte[] Parse(string text)
    {
        var compact = text.Replace("-", "", StringComparison.Ordinal).ToLowerInvariant();
        var bytes = new List<byte>();
        int buffer = 0, bits = 0;
        foreach (var c in compact)
        {
            var v = Alphabet.IndexOf(c);
            if (v < 0) throw new FormatException($"principal `{text}`: invalid character `{c}`");
            buffer = (buffer << 5) | v;
            bits += 5;
            if (bits >= 8)
            {
                bits -= 8;
                bytes.Add((byte)(buffer >> bits));
                buffer &= (1 << bits) - 1;
            }
        }
        if (bytes.Count < 4) throw new FormatException($"principal `{text}`: too short");
        var raw = bytes.Skip(4).ToArray();
        var crc = System.IO.Hashing.Crc32.HashToUInt32(raw);
        var stored = (uint)(bytes[0] << 24 | bytes[1] << 16 | bytes[2] << 8 | bytes[3]);
        if (crc != stored) throw new FormatException($"principal `{text}`: checksum mismatch");
        return raw;
    }

    /// <summary>The anonymous principal's text.</summary>
    public const string AnonymousText = "2vxsx-fae";

    /// <summary>The self-authenticating principal of a DER-encoded public key: SHA-224 of the DER, then 0x02.</summary>
    public static byte[] SelfAuthenticating(ReadOnlySpan<byte> publicKeyDer) => [.. Identities.Sha224.HashData(publicKeyDer), 0x02];

    /// <summary>The textual form of raw principal bytes.</summary>
    public static string ToText(ReadOnlySpan<byte> raw)
    {
        var crc = System.IO.Hashing.Crc32.HashToUInt32(raw);
        byte[] bytes = [(byte)(crc >> 24), (byte)(crc >> 16), (byte)(crc >> 8), (byte)crc, .. raw];
        var text = new System.Text.StringBuilder();
        int buffer = 0, bits = 0;
        foreach (var b in bytes)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                bits -= 5;
                text.Append(Alphabet[(buffer >> bits) & 31]);
            }
            buffer &= (1 << bits) - 1;
        }
        if (bits > 0) text.Append(Alphabet[(buffer << (5 - bits)) & 31]);
        var grouped = new System.Text.StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            if (i > 0 && i % 5 == 0) grouped.Append('-');
            grouped.Append(text[i]);
        }
        return grouped.ToString();
    }
}
