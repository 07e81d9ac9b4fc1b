namespace PluginHost.Wasm.Text;

/// <summary>A growing byte buffer with the binary format's LEB128 and vector encodings.</summary>
public sealed class ByteWriter
{
    private readonly List<byte> _bytes = [];

    /// <summary>Number of bytes written.</summary>
    public int Length => _bytes.Count;

    /// <summary>Appends one byte.</summary>
    public void Byte(byte b) => _bytes.Add(b);

    /// <summary>Appends raw bytes.</summary>
    public void Bytes(IEnumerable<byte> bytes) => _bytes.AddRange(bytes);

    /// <summary>Appends an unsigned LEB128 number.</summary>
    public void U32(ulong value)
    {
        do
        {
            var b = (byte)(value & 0x7f);
            value >>= 7;
            if (value != 0) b |= 0x80;
            _bytes.Add(b);
        } while (value != 0);
    }

    /// <summary>Appends a signed LEB128 number.</summary>
    public void S64(long value)
    {
        while (true)
        {
            var b = (byte)(value & 0x7f);
            value >>= 7;
            var done = (value == 0 && (b & 0x40) == 0) || (value == -1 && (b & 0x40) != 0);
            if (!done) b |= 0x80;
            _bytes.Add(b);
            if (done) return;
        }
    }

    /// <summary>Appends a length-prefixed byte string.</summary>
    public void Name(byte[] bytes)
    {
        U32((ulong)bytes.Length);
        _bytes.AddRange(bytes);
    }

    /// <summary>Appends another writer's bytes.</summary>
    public void Append(ByteWriter other) => _bytes.AddRange(other._bytes);

    /// <summary>Appends a section: its id, its size, then the body.</summary>
    public void Section(byte id, ByteWriter body)
    {
        _bytes.Add(id);
        U32((ulong)body.Length);
        _bytes.AddRange(body._bytes);
    }

    /// <summary>The bytes written.</summary>
    public byte[] ToArray() => [.. _bytes];
}
