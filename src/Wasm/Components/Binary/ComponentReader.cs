using System.Text;

namespace PluginHost.Wasm.Components.Binary;

/// <summary>Reads LEB128 numbers, names and bytes from a component binary, failing with <see cref="ComponentException"/>.</summary>
internal sealed class ComponentReader
{
    private readonly byte[] _bytes;
    private readonly int _base;

    public ComponentReader(byte[] bytes, int start, int end, int baseOffset)
    {
        _bytes = bytes;
        Position = start;
        End = end;
        _base = baseOffset;
    }

    public int Position { get; set; }
    public int End { get; }
    public string Section { get; set; } = "header";
    public bool AtEnd => Position >= End;
    public long Offset => _base + Position;

    public ComponentException Error(string reason) => new(reason, Offset, Section);

    public byte Byte()
    {
        if (Position >= End) throw Error("unexpected end of section or component");
        return _bytes[Position++];
    }

    public byte Peek()
    {
        if (Position >= End) throw Error("unexpected end of section or component");
        return _bytes[Position];
    }

    public uint U32()
    {
        uint result = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = Byte();
            if (shift == 28 && (b & 0x70) != 0) throw Error("integer too large");
            result |= (uint)(b & 0x7f) << shift;
            if ((b & 0x80) == 0) return result;
            if (shift >= 28) throw Error("integer representation too long");
        }
    }

    /// <summary>A signed 33-bit LEB (used for value types); returns a long.</summary>
    public long S33()
    {
        long result = 0;
        var shift = 0;
        byte b;
        do
        {
            b = Byte();
            result |= (long)(b & 0x7f) << shift;
            shift += 7;
            if (shift > 35) throw Error("integer representation too long");
        } while ((b & 0x80) != 0);
        if (shift < 64 && (b & 0x40) != 0) result |= -1L << shift;
        return result;
    }

    /// <summary>A count of items, each at least minBytes long, bounded by the remaining bytes (bounded allocation).</summary>
    public int Count(int minBytes = 1)
    {
        var n = U32();
        if ((long)n * minBytes > End - Position) throw Error($"count {n} exceeds the remaining {End - Position} bytes");
        return (int)n;
    }

    public string Name()
    {
        var len = U32();
        if (len > End - Position) throw Error("name length exceeds the section");
        try
        {
            var s = new UTF8Encoding(false, true).GetString(_bytes, Position, (int)len);
            Position += (int)len;
            return s;
        }
        catch (DecoderFallbackException)
        {
            throw Error("malformed UTF-8 in name");
        }
    }

    public ReadOnlySpan<byte> Bytes(int length)
    {
        if (length < 0 || length > End - Position) throw Error("length exceeds the section");
        var span = _bytes.AsSpan(Position, length);
        Position += length;
        return span;
    }

    public byte[] Buffer => _bytes;
}
