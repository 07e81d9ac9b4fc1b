using System.Text;

namespace PluginHost.Wasm.Wasi;

/// <summary>Where a guest output stream (stdout/stderr) goes, with a byte cap after which output is dropped.</summary>
public sealed class OutputSink
{
    private readonly Stream? _stream;
    private readonly MemoryStream? _buffer;
    private readonly Action<string>? _onLine;
    private readonly Action<ReadOnlyMemory<byte>>? _onWrite;
    private readonly List<byte> _partialLine = new();
    private bool _completed;

    private OutputSink(string name, long cap, Stream? stream, MemoryStream? buffer, Action<string>? onLine, Action<ReadOnlyMemory<byte>>? onWrite = null)
    {
        _onWrite = onWrite;
        Name = name;
        Cap = cap;
        _stream = stream;
        _buffer = buffer;
        _onLine = onLine;
    }

    /// <summary>Writes to the host process's own stream (console).</summary>
    public static OutputSink Inherit(string name, Stream stream, long cap = long.MaxValue) => new(name, cap, stream, null, null);

    /// <summary>Collects bytes in memory; read them with <see cref="GetBytes"/>.</summary>
    public static OutputSink Buffer(string name, long cap = long.MaxValue) => new(name, cap, null, new MemoryStream(), null);

    /// <summary>Calls back once per line (split on \n, \r trimmed; a final partial line is delivered at <see cref="Complete"/>).</summary>
    public static OutputSink Lines(string name, Action<string> onLine, long cap = long.MaxValue) => new(name, cap, null, null, onLine);

    /// <summary>Passes each kept write (a copy of the bytes) to a callback.</summary>
    public static OutputSink Callback(string name, Action<ReadOnlyMemory<byte>> onWrite, long cap = long.MaxValue) => new(name, cap, null, null, null, onWrite);

    /// <summary>Discards everything.</summary>
    public static OutputSink Discard(string name) => new(name, 0, null, null, null);

    /// <summary>Stream name used in the truncation report, e.g. "stdout".</summary>
    public string Name { get; }
    /// <summary>Maximum bytes kept.</summary>
    public long Cap { get; }
    /// <summary>Bytes the guest wrote in all, kept or dropped.</summary>
    public long TotalBytes { get; private set; }
    /// <summary>Bytes dropped because of the cap.</summary>
    public long DroppedBytes => Math.Max(0, TotalBytes - Cap);
    /// <summary>Whether anything was dropped.</summary>
    public bool Truncated => DroppedBytes > 0;

    /// <summary>Called once, at <see cref="Complete"/>, with the truncation report line when output was dropped.</summary>
    public Action<string>? OnTruncated { get; init; }

    /// <summary>The bytes collected by a buffer sink.</summary>
    public byte[] GetBytes() => _buffer?.ToArray() ?? Array.Empty<byte>();

    /// <summary>The collected text of a buffer sink, as UTF-8.</summary>
    public string GetText() => Encoding.UTF8.GetString(GetBytes());

    /// <summary>Accepts bytes written by the guest; all of them count as written even when dropped.</summary>
    public void Write(ReadOnlySpan<byte> data)
    {
        var keep = (int)Math.Clamp(Cap - TotalBytes, 0, data.Length);
        TotalBytes += data.Length;
        if (keep == 0) return;
        var kept = data[..keep];
        if (_stream is not null)
        {
            _stream.Write(kept);
            _stream.Flush();
        }
        _buffer?.Write(kept);
        if (_onLine is not null) SplitLines(kept);
        _onWrite?.Invoke(kept.ToArray());
    }

    private void SplitLines(ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty)
        {
            var nl = data.IndexOf((byte)'\n');
            if (nl < 0)
            {
                foreach (var b in data) _partialLine.Add(b);
                return;
            }
            foreach (var b in data[..nl]) _partialLine.Add(b);
            EmitLine();
            data = data[(nl + 1)..];
        }
    }

    private void EmitLine()
    {
        var count = _partialLine.Count;
        if (count > 0 && _partialLine[count - 1] == (byte)'\r') count--;
        var line = Encoding.UTF8.GetString(_partialLine.ToArray(), 0, count);
        _partialLine.Clear();
        _onLine!(line);
    }

    /// <summary>Delivers a final partial line and reports truncation once (`... N bytes of NAME truncated`).</summary>
    public void Complete()
    {
        if (_completed) return;
        _completed = true;
        if (_onLine is not null && _partialLine.Count > 0) EmitLine();
        if (!Truncated) return;
        var report = $"... {DroppedBytes} bytes of {Name} truncated";
        if (OnTruncated is not null) OnTruncated(report);
        else _onLine?.Invoke(report);
    }
}
