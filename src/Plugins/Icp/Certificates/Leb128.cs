namespace PluginHost.Plugins.Icp.Certificates;

/// <summary>Unsigned LEB128 as used by the certificate's `/time` leaf.</summary>
public static class Leb128
{
    /// <summary>Reads one unsigned LEB128 number filling the whole buffer.</summary>
    public static ulong ReadUnsigned(ReadOnlySpan<byte> bytes, string what)
    {
        ulong value = 0;
        var shift = 0;
        for (var i = 0; i < bytes.Length; i++)
        {
            if (shift > 63) break;
            value |= (ulong)(bytes[i] & 0x7f) << shift;
            shift += 7;
            if ((bytes[i] & 0x80) == 0)
            {
                if (i != bytes.Length - 1) break;
                return value;
            }
        }
        throw new CertificateException($"{what} is not one unsigned LEB128 number");
    }

    /// <summary>Encodes an unsigned LEB128 number.</summary>
    public static byte[] WriteUnsigned(ulong value)
    {
        var bytes = new List<byte>();
        do
        {
            var b = (byte)(value & 0x7f);
            value >>= 7;
            bytes.Add(value == 0 ? b : (byte)(b | 0x80));
        } while (value != 0);
        return bytes.ToArray();
    }
}
