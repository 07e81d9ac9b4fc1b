using System.Text;
using System.Text.RegularExpressions;

namespace PluginHost.Plugins.Icp;

/// <summary>Turns one guest output stream into lines: split on \n, \r trimmed, ANSI escapes stripped, capped in bytes.</summary>
public sealed partial class OutputLines
{
    /// <summary>The default cap per stream (1 MiB).</summary>
    public const long DefaultCap = 1 << 20;

    private readonly string _stream;
    private readonly long _cap;
    private readonly Action<string> _onLine;
    private readonly List<byte> _pending = new();
    private readonly object _gate = new();
    private bool _completed;

    /// <summary>Creates a splitter for the stream named <paramref name="stream"/> (used in the truncation line).</summary>
    public OutputLines(string stream, Action<string> onLine, long cap = DefaultCap)
    {
        _stream = stream;
        _onLine = onLine;
        _cap = cap;
    }

    /// <summary>Bytes the guest wrote in all.</summary>
    public long TotalBytes { get; private set; }

    /// <summary>Accepts guest bytes; bytes past the cap are counted but dropped.</summary>
    public void Write(ReadOnlySpan<byte> data)
    {
        lock (_gate)
        {
            var keep = (int)Math.Clamp(_cap - TotalBytes, 0, data.Length);
            TotalBytes += data.Length;
            foreach (var b in data[..keep])
            {
                if (b == (byte)'\n')
                {
                    Emit();
                    continue;
                }
                _pending.Add(b);
            }
        }
    }

    /// <summary>Flushes a last unterminated line and, if the cap was hit, emits <c>... N bytes of STREAM truncated</c>.</summary>
    public void Complete()
    {
        lock (_gate)
        {
            if (_completed) return;
            _completed = true;
            if (_pending.Count > 0) Emit();
            if (TotalBytes > _cap) _onLine($"... {TotalBytes - _cap} bytes of {_stream} truncated");
        }
    }

    /// <summary>Removes ANSI escape sequences (CSI, OSC and two-character escapes) from a line.</summary>
    public static string StripAnsi(string line) => Ansi().Replace(line, "");

    private void Emit()
    {
        var text = Encoding.UTF8.GetString(_pending.ToArray());
        _pending.Clear();
        if (text.EndsWith('\r')) text = text[..^1];
        _onLine(StripAnsi(text));
    }

    [GeneratedRegex(@"\x1B(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1B]*(\x07|\x1B\\)?|[@-Z\\-_])")]
    private static partial Regex Ansi();
}
