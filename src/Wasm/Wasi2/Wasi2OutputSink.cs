using System.Text;

namespace PluginHost.Wasm.Wasi2;

/// <summary>Where a guest's stdout or stderr goes (buffer, callback or nothing), with a byte cap after which output is dropped.</summary>
/// <remarks>A small stand-in for the preview1 host's OutputSink (src/Wasm/Wasi, branch `wasi`); the two can merge later.</remarks>
public sealed class Wasi2OutputSink
{
    private readonly MemoryStream? _buffer;
    private readonly Action<ReadOnlyMemory<byte>>? _callback;

    private Wasi2OutputSink(long cap, MemoryStream? buffer, Action<ReadOnlyMemory<byte>>? callback)
    {
        Cap = cap;
        _buffer = buffer;
        _callback = callback;
    }

    /// <summary>Collects bytes in memory (read with <see cref="GetText"/>).</summary>
    public static Wasi2OutputSink Buffer(long cap = 16 << 20) => new(cap, new MemoryStream(), null);

    /// <summary>Passes each write to a callback.</summary>
    public static Wasi2OutputSink Callback(Action<ReadOnlyMemory<byte>> onWrite, long cap = long.MaxValue) => new(cap, null, onWrite);

    /// <summary>Discards everything.</summary>
    public static Wasi2OutputSink Discard() => new(0, null, null);

    /// <summary>Maximum bytes kept.</summary>
    public long Cap { get; }
    /// <summary>Bytes the guest wrote in all (kept or dropped).</summary>
    public long TotalBytes { get; private set; }
    /// <summary>Whether anything was dropped because of the cap.</summary>
    public bool Truncated => TotalBytes > Cap;

    /// <summary>Accepts guest bytes.</summary>
    public void Write(ReadOnlySpan<byte> data)
    {
        var keep = (int)Math.Clamp(Cap - TotalBytes, 0, data.Length);
        TotalBytes += data.Length;
        if (keep == 0) return;
        _buffer?.Write(data[..keep]);
        _callback?.Invoke(data[..keep].ToArray());
    }

    /// <summary>Collected bytes of a buffer sink.</summary>
    public byte[] GetBytes() => _buffer?.ToArray() ?? [];

    /// <summary>Collected text (UTF-8) of a buffer sink.</summary>
    public string GetText() => Encoding.UTF8.GetString(GetBytes());
}
