using System.Buffers.Binary;
using System.Text;

namespace PluginHost.Wasm.Binary;

/// <summary>Reads the primitive encodings of the binary format (bytes, LEB128 integers, floats, names) with bounds checks.</summary>
/// <remarks>Every failure is a malformed-module <see cref="WasmModuleException"/> carrying the absolute byte offset.</remarks>
public ref struct WasmReader
{
    private readonly ReadOnlySpan<byte> _data;
    private readonly int _baseOffset;
    private int _pos;

    /// <summary>Creates a reader over data that starts at baseOffset within the module.</summary>
    public WasmReader(ReadOnlySpan<byte> data, int baseOffset = 0, string? section = null)
    {
        _data = data;
        _baseOffset = baseOffset;
        _pos = 0;
        Section = section;
    }

    /// <summary>Section name used in error messages.</summary>
    public string? Section { get; set; }

    /// <summary>Function index used in error messages, when reading a body.</summary>
    public int? FunctionIndex { get; set; }

    /// <summary>Position relative to the start of the data.</summary>
    public int Position
    {
        readonly get => _pos;
        set => _pos = value;
    }

    /// <summary>Absolute offset within the module.</summary>
    public readonly int Offset => _baseOffset + _pos;

    /// <summary>Bytes left.</summary>
    public readonly int Remaining => _data.Length - _pos;

    /// <summary>True when every byte was read.</summary>
    public readonly bool IsAtEnd => _pos >= _data.Length;

    /// <summary>Throws a malformed-module error at the current offset.</summary>
    public readonly WasmModuleException Malformed(string reason) =>
        new(ModuleErrorKind.Malformed, reason, Offset, Section, FunctionIndex);

    /// <summary>Reads one byte.</summary>
    public byte ReadByte()
    {
        if (_pos >= _data.Length) throw Malformed("unexpected end");
        return _data[_pos++];
    }

    /// <summary>Reads the next byte without consuming it.</summary>
    public readonly byte PeekByte()
    {
        if (_pos >= _data.Length) throw Malformed("unexpected end");
        return _data[_pos];
    }

    /// <summary>Reads n raw bytes.</summary>
    public ReadOnlySpan<byte> ReadBytes(int count)
    {
        if (count < 0 || count > Remaining) throw Malformed("unexpected end");
        var span = _data.Slice(_pos, count);
        _pos += count;
        return span;
    }

    /// <summary>Reads an unsigned LEB128 u32 (at most 5 bytes, unused bits zero).</summary>
    public uint ReadU32()
    {
        uint result = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = ReadByte();
            if (shift == 28)
            {
                if ((b & 0x80) != 0) throw Malformed("integer representation too long");
                if ((b & 0x70) != 0) throw Malformed("integer too large");
                return result | ((uint)b << 28);
            }
            result |= (uint)(b & 0x7F) << shift;
            if ((b & 0x80) == 0) return result;
        }
    }

    /// <summary>Reads a u32 and checks it fits in a non-negative int (for lengths and counts).</summary>
    public int ReadLength()
    {
        var value = ReadU32();
        if (value > int.MaxValue) throw Malformed("length out of bounds");
        return (int)value;
    }

    /// <summary>Reads a signed LEB128 s32 (at most 5 bytes, unused bits a sign extension).</summary>
    public int ReadS32() => (int)ReadSigned(32);

    /// <summary>Reads a signed LEB128 s33 (block types).</summary>
    public long ReadS33() => ReadSigned(33);

    /// <summary>Reads a signed LEB128 s64 (at most 10 bytes, unused bits a sign extension).</summary>
    public long ReadS64() => ReadSigned(64);

    private long ReadSigned(int bits)
    {
        long result = 0;
        var shift = 0;
        var maxBytes = (bits + 6) / 7;
        for (var i = 0; ; i++)
        {
            var b = ReadByte();
            if (i == maxBytes - 1)
            {
                if ((b & 0x80) != 0) throw Malformed("integer representation too long");
                // The bits of the last byte beyond the value's width must all equal the sign bit.
                var usedBits = bits - shift;
                var signAndUnused = (sbyte)(b << 1) >> usedBits; // sign-extended top (7 - usedBits + 1) bits
                if (signAndUnused != 0 && signAndUnused != -1) throw Malformed("integer too large");
                result |= (long)(b & 0x7F) << shift;
                if (shift + 7 < 64 && (b & 0x40) != 0) result |= -1L << (shift + 7);
                return result;
            }
            result |= (long)(b & 0x7F) << shift;
            shift += 7;
            if ((b & 0x80) == 0)
            {
                if (shift < 64 && (b & 0x40) != 0) result |= -1L << shift;
                return result;
            }
        }
    }

    /// <summary>Reads the raw bits of an f32.</summary>
    public uint ReadF32Bits() => BinaryPrimitives.ReadUInt32LittleEndian(ReadBytes(4));

    /// <summary>Reads the raw bits of an f64.</summary>
    public ulong ReadF64Bits() => BinaryPrimitives.ReadUInt64LittleEndian(ReadBytes(8));

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Reads a length-prefixed UTF-8 name.</summary>
    public string ReadName()
    {
        var length = ReadLength();
        if (length > Remaining) throw Malformed("unexpected end");
        var bytes = ReadBytes(length);
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw Malformed("malformed UTF-8 encoding");
        }
    }
}
