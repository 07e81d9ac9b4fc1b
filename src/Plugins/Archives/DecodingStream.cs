using SharpCompress.Common;

namespace PluginHost.Plugins.Archives;

/// <summary>
/// Wraps a SharpCompress decoder so that whatever it throws on bad input (its own exceptions, or index and argument
/// errors from hostile data) becomes one <see cref="InvalidDataException"/> naming the format.
/// </summary>
/// <remarks>
/// Reads are synchronous and buffered: SharpCompress 0.50.9's async xz and bzip2 paths decode about 5 times slower
/// than its sync ones, and 512-byte reads (tar headers) about 2 times slower than 64 KiB ones (measured on a 22 MB
/// file; bench/results/install-formats.md has the install-level figures). Decoding is CPU work on a local file.
/// </remarks>
internal sealed class DecodingStream : ReadOnlyStream
{
    private readonly BufferedStream _decoder;
    private readonly string _formatName;

    /// <summary>Wraps <paramref name="decoder"/>, naming <paramref name="formatName"/> in errors.</summary>
    public DecodingStream(Stream decoder, string formatName)
    {
        _decoder = new BufferedStream(decoder, 64 * 1024);
        _formatName = formatName;
    }

    /// <inheritdoc />
    public override int Read(Span<byte> buffer)
    {
        try
        {
            return _decoder.Read(buffer);
        }
        catch (Exception e) when (IsDecoderFailure(e))
        {
            throw Corrupt(e);
        }
    }

    /// <inheritdoc />
    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Read(buffer.Span));
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _decoder.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <inheritdoc />
    public override async ValueTask DisposeAsync()
    {
        await _decoder.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }

    private static bool IsDecoderFailure(Exception e) =>
        e is SharpCompressException or InvalidDataException or EndOfStreamException or InvalidOperationException
            or IndexOutOfRangeException or ArgumentException or OverflowException or NotSupportedException;

    private InvalidDataException Corrupt(Exception e) =>
        e is InvalidDataException { Message: var m } && m.Contains(_formatName, StringComparison.Ordinal)
            ? (InvalidDataException)e
            : new InvalidDataException($"{_formatName} data is corrupt: {e.Message}", e);
}
