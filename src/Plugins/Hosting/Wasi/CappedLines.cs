using System.Text;

namespace PluginHost.Plugins.Hosting.Wasi;

/// <summary>One guest output stream as lines (split on \n, \r trimmed), keeping at most <c>cap</c> bytes; after the cap
/// the rest is counted and <see cref="Complete"/> reports it once as <c>... N bytes of STREAM truncated</c>.</summary>
public sealed class CappedLines(string stream, Action<string> onLine, long cap)
{
    private readonly List<byte> _pending = [];
    private readonly Lock _gate = new();
    private bool _completed;

    /// <summary>Bytes written in all, kept or dropped.</summary>
    public long TotalBytes { get; private set; }

    /// <summary>Bytes dropped because of the cap.</summary>
    public long DroppedBytes => Math.Max(0, TotalBytes - cap);

    /// <summary>Accepts guest bytes (usable as a <see cref="Wasmtime.WasiOutputCallback"/>).</summary>
    public void Write(ReadOnlySpan<byte> data)
    {
        lock (_gate)
        {
            var keep = (int)Math.Clamp(cap - TotalBytes, 0, data.Length);
            TotalBytes += data.Length;
            foreach (var b in data[..keep])
            {
                if (b == (byte)'\n') Emit();
                else _pending.Add(b);
            }
        }
    }

    /// <summary>Delivers a last unterminated line and the truncation note (once).</summary>
    public void Complete()
    {
        lock (_gate)
        {
            if (_completed) return;
            _completed = true;
            if (_pending.Count > 0) Emit();
            if (DroppedBytes > 0) onLine($"... {DroppedBytes} bytes of {stream} truncated");
        }
    }

    private void Emit()
    {
        var count = _pending.Count > 0 && _pending[^1] == (byte)'\r' ? _pending.Count - 1 : _pending.Count;
        var line = Encoding.UTF8.GetString(_pending.ToArray(), 0, count);
        _pending.Clear();
        onLine(line);
    }
}
