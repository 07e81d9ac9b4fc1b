using System.Runtime.InteropServices;
using PluginHost.Wasm.Model;

namespace PluginHost.Wasm;

/// <summary>A linear memory in unmanaged storage (64 KiB pages, at most 65536 of them).</summary>
public sealed unsafe class Memory : Extern
{
    /// <summary>Bytes per page.</summary>
    public const int PageSize = 65536;
    internal const uint MaxPages = 65536;

    /// <summary>Start of the storage (compiled code caches it; it moves on growth).</summary>
    internal byte* Base;
    /// <summary>Current size in bytes.</summary>
    internal ulong ByteLength;
    private readonly uint? _max;
    private readonly Store? _store;

    private Memory(Store? store, MemoryType type)
    {
        _store = store;
        _max = type.Limits.Max;
        var bytes = (ulong)type.Limits.Min * PageSize;
        if (type.Limits.Min > MaxPages) throw new WasmLinkException($"memory minimum of {type.Limits.Min} pages exceeds 65536");
        if (store?.Limits?.MaxMemoryBytes is { } cap && (long)bytes > cap)
            throw new WasmLinkException($"memory minimum of {bytes} bytes exceeds the store limit of {cap} bytes");
        Base = (byte*)NativeMemory.AllocZeroed((nuint)Math.Max(bytes, 1));
        ByteLength = bytes;
    }

    /// <summary>Frees the storage.</summary>
    ~Memory()
    {
        NativeMemory.Free(Base);
    }

    /// <inheritdoc />
    public override ExternKind Kind => ExternKind.Memory;

    /// <summary>Creates a host memory.</summary>
    public static Memory Create(Store store, MemoryType type) => new(store, type);

    internal static Memory CreateFor(Store store, MemoryType type) => new(store, type);

    /// <summary>The memory's type (current limits).</summary>
    public MemoryType Type => new(new Limits(Pages, _max));

    /// <summary>Current size in 64 KiB pages.</summary>
    public uint Pages => (uint)(ByteLength / PageSize);

    /// <summary>Current size in bytes.</summary>
    public long Length => (long)ByteLength;

    /// <summary>Grows by delta pages; returns the old size in pages or -1 on failure.</summary>
    public long Grow(uint deltaPages)
    {
        var old = Pages;
        var newPages = (ulong)old + deltaPages;
        if (newPages > (_max ?? MaxPages) || newPages > MaxPages) return -1;
        var newBytes = newPages * PageSize;
        if (_store?.Limits?.MaxMemoryBytes is { } cap && newBytes > (ulong)cap)
        {
            if (_store.Limits.TrapOnGrowFailure)
                throw new WasmTrapException(TrapKind.MemoryOutOfBounds, $"memory.grow beyond the store's limit of {cap} bytes");
            return -1;
        }
        if (deltaPages == 0) return old;
        byte* grown;
        try
        {
            grown = (byte*)NativeMemory.Realloc(Base, (nuint)newBytes);
        }
        catch (OutOfMemoryException)
        {
            return -1;
        }
        NativeMemory.Clear(grown + ByteLength, (nuint)(newBytes - ByteLength));
        Base = grown;
        ByteLength = newBytes;
        GC.KeepAlive(this);
        return old;
    }

    /// <summary>A view of [offset, offset+length); throws a MemoryOutOfBounds trap if out of range. Growth moves the storage, so do not keep the span across calls into wasm.</summary>
    public Span<byte> GetSpan(long offset, int length)
    {
        if (offset < 0 || length < 0 || (ulong)offset + (ulong)length > ByteLength) throw new WasmTrapException(TrapKind.MemoryOutOfBounds);
        return new Span<byte>(Base + offset, length);
    }

    /// <summary>Whether [offset, offset+count) lies inside the memory.</summary>
    internal bool InBounds(ulong offset, ulong count) => offset + count <= ByteLength;
}
