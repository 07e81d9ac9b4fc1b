using System.Buffers.Binary;
using System.Text;

namespace PluginHost.Wasm.Wasi;

/// <summary>Reads and writes WASI structures in the calling instance's exported memory; out-of-range pointers trap.</summary>
internal readonly struct GuestMemory
{
    private readonly Memory _memory;

    public GuestMemory(Caller caller)
    {
        _memory = caller.GetMemory("memory") ?? throw new WasmTrapException(TrapKind.HostError, "WASI: the calling module exports no memory named \"memory\"");
    }

    public Span<byte> Span(int ptr, int length) => _memory.GetSpan((uint)ptr, length);

    public void WriteU8(int ptr, byte value) => Span(ptr, 1)[0] = value;
    public void WriteU16(int ptr, ushort value) => BinaryPrimitives.WriteUInt16LittleEndian(Span(ptr, 2), value);
    public void WriteU32(int ptr, uint value) => BinaryPrimitives.WriteUInt32LittleEndian(Span(ptr, 4), value);
    public void WriteU64(int ptr, ulong value) => BinaryPrimitives.WriteUInt64LittleEndian(Span(ptr, 8), value);
    public uint ReadU32(int ptr) => BinaryPrimitives.ReadUInt32LittleEndian(Span(ptr, 4));
    public ulong ReadU64(int ptr) => BinaryPrimitives.ReadUInt64LittleEndian(Span(ptr, 8));
    public ushort ReadU16(int ptr) => BinaryPrimitives.ReadUInt16LittleEndian(Span(ptr, 2));
    public byte ReadU8(int ptr) => Span(ptr, 1)[0];

    /// <summary>Reads a UTF-8 path string; invalid UTF-8 is EILSEQ.</summary>
    public string ReadString(int ptr, int length)
    {
        var bytes = Span(ptr, length);
        try
        {
            return new UTF8Encoding(false, true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw new WasiErrorException(WasiErrno.Ilseq);
        }
    }

    /// <summary>The (ptr, len) pairs of an iovec array.</summary>
    public (int Ptr, int Len)[] ReadIovecs(int iovs, int count)
    {
        if (count < 0 || count > 1024) throw new WasiErrorException(WasiErrno.Inval);
        var result = new (int, int)[count];
        for (var i = 0; i < count; i++) result[i] = ((int)ReadU32(iovs + i * 8), (int)ReadU32(iovs + i * 8 + 4));
        return result;
    }
}
