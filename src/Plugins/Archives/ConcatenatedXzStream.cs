using SharpCompress.Compressors.Xz;

namespace PluginHost.Plugins.Archives;

/// <summary>
/// Decodes every xz stream of a file in turn, as <c>xz -d</c> does (SharpCompress's XZStream stops after the first),
/// skipping the zero stream padding between them.
/// </summary>
internal sealed class ConcatenatedXzStream(FileStream file) : ReadOnlyStream
{
    private XZStream _current = new(file);
    private bool _finished;

    /// <inheritdoc />
    public override int Read(Span<byte> buffer)
    {
        while (!_finished && !buffer.IsEmpty)
        {
            int read = _current.Read(buffer);
            if (read > 0)
            {
                return read;
            }

            NextStream();
        }

        return 0;
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
            _current.Dispose();
            file.Dispose();
        }

        base.Dispose(disposing);
    }

    private void NextStream()
    {
        // Stream padding is a multiple of four zero bytes; anything else after a stream must be the next stream's magic.
        int b;
        long start = file.Position;
        while ((b = file.ReadByte()) == 0)
        {
        }

        if (b < 0)
        {
            if ((file.Position - start) % 4 != 0)
            {
                throw new InvalidDataException("xz data is corrupt: stream padding is not a multiple of four bytes");
            }

            _finished = true;
            return;
        }

        file.Seek(-1, SeekOrigin.Current);
        _current.Dispose();
        _current = new XZStream(file);
    }
}
