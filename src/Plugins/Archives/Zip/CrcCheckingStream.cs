namespace PluginHost.Plugins.Archives.Zip;

/// <summary>Passes a zip entry's data through and, at its end, checks the length and CRC-32 the directory recorded.</summary>
internal sealed class CrcCheckingStream : Stream
{
    private readonly Stream _inner;
    private readonly string _entryName;
    private readonly uint _expectedCrc;
    private readonly long _expectedLength;
    private uint _crc;
    private long _length;
    private bool _checked;

    /// <summary>Wraps the opened entry stream <paramref name="inner"/> (disposed with this stream).</summary>
    public CrcCheckingStream(Stream inner, string entryName, uint expectedCrc, long expectedLength)
    {
        _inner = inner;
        _entryName = entryName;
        _expectedCrc = expectedCrc;
        _expectedLength = expectedLength;
    }

    /// <inheritdoc />
    public override bool CanRead => true;

    /// <inheritdoc />
    public override bool CanSeek => false;

    /// <inheritdoc />
    public override bool CanWrite => false;

    /// <inheritdoc />
    public override long Length => throw new NotSupportedException();

    /// <inheritdoc />
    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <inheritdoc />
    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    /// <inheritdoc />
    public override int Read(Span<byte> buffer) => Account(buffer, _inner.Read(buffer));

    /// <inheritdoc />
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int read = await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        return Account(buffer.Span, read);
    }

    /// <inheritdoc />
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <inheritdoc />
    public override void Flush()
    {
    }

    /// <inheritdoc />
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <inheritdoc />
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <inheritdoc />
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private int Account(Span<byte> buffer, int read)
    {
        if (read > 0)
        {
            _crc = Crc32.Update(_crc, buffer[..read]);
            _length += read;
        }
        else if (!_checked && buffer.Length > 0)
        {
            _checked = true;
            if (_length != _expectedLength || _crc != _expectedCrc)
            {
                throw new InvalidDataException(
                    $"zip entry '{_entryName}' fails its integrity check: {_length} bytes with CRC-32 {_crc:x8}, expected {_expectedLength} bytes with CRC-32 {_expectedCrc:x8}.");
            }
        }

        return read;
    }
}
