using System.Buffers.Binary;

namespace PluginHost.Plugins.Extism;

/// <summary>The Extism kernel's memory: a byte heap, isolated from the plugin's own memory, addressed by non-zero handles.</summary>
/// <remarks>A handle is the offset of a block's first byte; freed blocks are reused best-fit through a set ordered by
/// (size, offset), so an allocation costs O(log n) in the number of blocks.</remarks>
public sealed class KernelMemory
{
    private const long Start = 16;
    private readonly Dictionary<long, Block> _blocks = new();
    private readonly SortedSet<(long Size, long Offset)> _free = new();
    private readonly long _maxBytes;
    private byte[] _heap = new byte[64 * 1024];
    private long _top = Start;

    private sealed class Block
    {
        public long Size;
        public long Used;
        public bool Free;
    }

    /// <summary>Creates a heap bounded to maxBytes.</summary>
    public KernelMemory(long maxBytes = 1L << 31) => _maxBytes = maxBytes;

    /// <summary>Bytes of heap in use (up to the highest allocation).</summary>
    public long Size => _top;

    /// <summary>Allocates n bytes; 0 when n is 0 or the heap limit is reached.</summary>
    public long Alloc(long n)
    {
        if (n <= 0) return 0;
        if (_free.Count > 0 && _free.Max.Size >= n)
        {
            var (size, offset) = _free.GetViewBetween((n, 0), (long.MaxValue, long.MaxValue)).Min;
            _free.Remove((size, offset));
            var block = _blocks[offset];
            block.Free = false;
            block.Used = n;
            _heap.AsSpan((int)offset, (int)block.Size).Clear();
            return offset;
        }
        if (_top + n > _maxBytes) return 0;
        EnsureCapacity(_top + n);
        var handle = _top;
        _blocks[handle] = new Block { Size = n, Used = n };
        _top += n;
        return handle;
    }

    /// <summary>Allocates a block holding exactly these bytes; 0 on failure.</summary>
    public long AllocBytes(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty) return 0;
        var handle = Alloc(data.Length);
        if (handle != 0) data.CopyTo(_heap.AsSpan((int)handle));
        return handle;
    }

    /// <summary>Marks a block free; unknown handles are ignored.</summary>
    public void Free(long handle)
    {
        if (!_blocks.TryGetValue(handle, out var block) || block.Free) return;
        block.Free = true;
        _free.Add((block.Size, handle));
    }

    /// <summary>The used length of an active block, or 0 for anything that is not a live handle.</summary>
    public long Length(long handle) =>
        _blocks.TryGetValue(handle, out var block) && !block.Free ? block.Used : 0;

    /// <summary>The bytes of a live block; empty for an invalid handle.</summary>
    public ReadOnlySpan<byte> Read(long handle) =>
        _blocks.TryGetValue(handle, out var block) && !block.Free ? _heap.AsSpan((int)handle, (int)block.Used) : default;

    /// <summary>A byte at an address inside the heap, or 0 out of bounds.</summary>
    public byte LoadU8(long address) => InBounds(address, 1) ? _heap[address] : (byte)0;

    /// <summary>A little-endian u64 at an address inside the heap, or 0 out of bounds.</summary>
    public long LoadU64(long address) =>
        InBounds(address, 8) ? BinaryPrimitives.ReadInt64LittleEndian(_heap.AsSpan((int)address)) : 0;

    /// <summary>Stores a byte; ignored out of bounds.</summary>
    public void StoreU8(long address, byte value)
    {
        if (InBounds(address, 1)) _heap[address] = value;
    }

    /// <summary>Stores a little-endian u64; ignored out of bounds.</summary>
    public void StoreU64(long address, long value)
    {
        if (InBounds(address, 8)) BinaryPrimitives.WriteInt64LittleEndian(_heap.AsSpan((int)address), value);
    }

    /// <summary>A view of [address, address+length) when it lies inside the heap.</summary>
    public ReadOnlySpan<byte> Slice(long address, long length) =>
        length == 0 ? default : InBounds(address, length) ? _heap.AsSpan((int)address, (int)length) : throw new ArgumentOutOfRangeException(nameof(address), $"kernel memory range [{address}, {address + length}) is out of bounds");

    /// <summary>Frees every block (between calls).</summary>
    public void Reset()
    {
        _blocks.Clear();
        _free.Clear();
        _heap.AsSpan(0, (int)Math.Min(_top, _heap.Length)).Clear();
        _top = Start;
    }

    /// <summary>Whether [address, address+length) lies inside the heap.</summary>
    public bool Contains(long address, long length) => InBounds(address, length);

    private bool InBounds(long address, long length) => address >= Start && length >= 0 && address + length <= _top;

    private void EnsureCapacity(long needed)
    {
        if (needed <= _heap.Length) return;
        var size = (long)_heap.Length;
        while (size < needed) size *= 2;
        Array.Resize(ref _heap, (int)Math.Min(size, Array.MaxLength));
    }
}
