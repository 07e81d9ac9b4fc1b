namespace PluginHost.Plugins.Archives.Zip;

/// <summary>Passes a zip entry's data through and, at its end, checks the length and CRC-32 the directory recorded.</summary>
/// <remarks>Ours because neither System.IO.Compression nor SharpCompress 0.50.9 checks a zip entry's CRC-32 (CorruptArchiveTests fail without it); the CRC is System.IO.Hashing's.</remarks>
internal sealed class CrcCheckingStream : ReadOnlyStream
{
    private readonly Stream _inner;
    private readonly string _entryName;
    private readonly uint _expectedCrc;
    private readonly long _expectedLength;
    private readonly System.IO.Hashing.Crc32 _crc = new();
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
    public override int Read(Span<byte> buffer) => Account(buffer, _inner.Read(buffer));

    /// <inheritdoc />
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int read = await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        return Account(buffer.Span, read);
    }

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
            _crc.Append(buffer[..read]);
            _length += read;
        }
        else if (!_checked && buffer.Length > 0)
        {
            _checked = true;
            uint crc = _crc.GetCurrentHashAsUInt32();
            if (_length != _expectedLength || crc != _expectedCrc)
            {
                throw new InvalidDataException(
                    $"zip entry '{_entryName}' fails its integrity check: {_length} bytes with CRC-32 {crc:x8}, expected {_expectedLength} bytes with CRC-32 {_expectedCrc:x8}.");
            }
        }

        return read;
    }
}
