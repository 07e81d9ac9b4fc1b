namespace PluginHost.Plugins.Archives.Native;

/// <summary>Read-only stream that decompresses an inner stream chunk by chunk through a native decoder.</summary>
internal abstract class NativeDecompressionStream : ReadOnlyStream
{
    private const int InputBufferSize = 64 * 1024;

    private readonly Stream _inner;
    private readonly bool _leaveOpen;
    private readonly byte[] _input = new byte[InputBufferSize];
    private int _inputStart;
    private int _inputEnd;
    private bool _inputEof;
    private bool _finished;
    private bool _disposed;

    /// <summary>Wraps <paramref name="inner"/>; the decoder is set up by the subclass.</summary>
    protected NativeDecompressionStream(Stream inner, bool leaveOpen)
    {
        _inner = inner;
        _leaveOpen = leaveOpen;
    }

    /// <summary>Name of the format, for error messages ("xz", "bzip2", "zstd").</summary>
    protected abstract string FormatName { get; }

    /// <inheritdoc />
    public override bool CanRead => !_disposed;

    /// <inheritdoc />
    public override int Read(Span<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        while (true)
        {
            if (_finished || buffer.IsEmpty)
            {
                return 0;
            }

            if (_inputStart == _inputEnd && !_inputEof)
            {
                _inputStart = 0;
                _inputEnd = _inner.Read(_input, 0, _input.Length);
                _inputEof = _inputEnd == 0;
            }

            if (Step(buffer, out int produced))
            {
                return produced;
            }
        }
    }

    /// <inheritdoc />
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        while (true)
        {
            if (_finished || buffer.IsEmpty)
            {
                return 0;
            }

            if (_inputStart == _inputEnd && !_inputEof)
            {
                _inputStart = 0;
                _inputEnd = await _inner.ReadAsync(_input, cancellationToken).ConfigureAwait(false);
                _inputEof = _inputEnd == 0;
            }

            if (Step(buffer.Span, out int produced))
            {
                return produced;
            }
        }
    }

    /// <summary>
    /// Runs the decoder once over <paramref name="input"/> into <paramref name="output"/>; reports bytes consumed and
    /// produced and whether the whole compressed stream has ended. <paramref name="inputEof"/> says no more input follows.
    /// </summary>
    protected abstract void Decode(ReadOnlySpan<byte> input, Span<byte> output, bool inputEof, out int consumed, out int produced, out bool streamEnded);

    /// <summary>Releases the native decoder.</summary>
    protected abstract void FreeDecoder();

    /// <summary>Builds the error for a corrupt or truncated stream.</summary>
    protected InvalidDataException Corrupt(string detail) => new($"{FormatName} data is corrupt or truncated: {detail}");

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (!_disposed)
        {
            _disposed = true;
            FreeDecoder();
            if (disposing && !_leaveOpen)
            {
                _inner.Dispose();
            }
        }

        base.Dispose(disposing);
    }

    private bool Step(Span<byte> buffer, out int produced)
    {
        Decode(_input.AsSpan(_inputStart, _inputEnd - _inputStart), buffer, _inputEof, out int consumed, out produced, out bool ended);
        _inputStart += consumed;
        if (ended)
        {
            _finished = true;
            return true;
        }

        if (produced > 0)
        {
            return true;
        }

        if (_inputEof && consumed == 0)
        {
            throw Corrupt("unexpected end of input");
        }

        return false;
    }
}
