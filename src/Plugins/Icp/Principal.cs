namespace PluginHost.Plugins.Icp;

/// <summary>Decodes the textual form of an IC principal (base32 of CRC32 + bytes, dash-grouped).</summary>
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
}
