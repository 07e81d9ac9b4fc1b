using SharpCompress.Common;

namespace PluginHost.Plugins.Archives;

/// <summary>
/// Wraps a SharpCompress decoder so that whatever it throws on bad input (its own exceptions, or index and argument
/// errors from hostile data) becomes one <see cref="InvalidDataException"/> naming the format.
/// </summary>
internal sealed class DecodingStream(Stream decoder, string formatName) : ReadOnlyStream
{
    /// <inheritdoc />
    public override int Read(Span<byte> buffer)
    {
        try
        {
            return decoder.Read(buffer);
        }
        catch (Exception e) when (IsDecoderFailure(e))
        {
            throw Corrupt(e);
        }
    }

    /// <inheritdoc />
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        try
        {
            return await decoder.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (IsDecoderFailure(e))
        {
            throw Corrupt(e);
        }
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            decoder.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <inheritdoc />
    public override async ValueTask DisposeAsync()
    {
        await decoder.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }

    private static bool IsDecoderFailure(Exception e) =>
        e is SharpCompressException or InvalidDataException or EndOfStreamException or InvalidOperationException
            or IndexOutOfRangeException or ArgumentException or OverflowException or NotSupportedException;

    private InvalidDataException Corrupt(Exception e) =>
        e is InvalidDataException { Message: var m } && m.Contains(formatName, StringComparison.Ordinal)
            ? (InvalidDataException)e
            : new InvalidDataException($"{formatName} data is corrupt: {e.Message}", e);
}
