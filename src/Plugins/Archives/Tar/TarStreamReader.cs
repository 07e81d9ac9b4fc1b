using System.Globalization;
using System.Text;

namespace PluginHost.Plugins.Archives.Tar;

/// <summary>
/// Streaming tar reader: ustar, GNU long names/links ('L', 'K'), PAX extended headers ('x'; 'g' ignored),
/// checked header checksums, octal and base-256 numbers. Never buffers an entry's data.
/// </summary>
/// <remarks>
/// Kept on purpose (issue #14 evaluated the libraries with our tests): SharpCompress 0.50.9's tar entries do not
/// expose the entry type, so a hard link cannot be told from a symlink (the link checks need that), and
/// System.Formats.Tar in .NET 10 accepts a header whose checksum does not match and an archive cut off before its
/// end-of-archive marker (CorruptArchiveTests.CorruptTarHeaderIsRefused and TarWithoutEndMarkerIsTreatedAsTruncated
/// fail through it). Decompression around the tar is SharpCompress's.
/// </remarks>
internal sealed class TarStreamReader
{
    private const int BlockSize = 512;
    private const int MaxMetadataSize = 1 << 20;

    private readonly Stream _stream;
    private readonly byte[] _header = new byte[BlockSize];
    private readonly byte[] _skipBuffer = new byte[16 * 1024];
    private long _position;
    private long _remaining;
    private long _padding;
    private string _currentName = string.Empty;

    /// <summary>Reads tar data from <paramref name="stream"/>, which is left open.</summary>
    public TarStreamReader(Stream stream) => _stream = stream;

    /// <summary>The next entry, or null at the end of the archive; skips what is left of the previous entry.</summary>
    public async Task<TarEntry?> NextAsync(CancellationToken cancellationToken)
    {
        await SkipRestOfEntryAsync(cancellationToken).ConfigureAwait(false);

        string? longName = null;
        string? longLink = null;
        Dictionary<string, string>? pax = null;
        while (true)
        {
            long headerOffset = _position;
            int read = await ReadFullyAsync(_header, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                throw new EndOfStreamException($"tar archive ends at offset {headerOffset} without its end-of-archive marker (truncated).");
            }

            if (read == BlockSize && _header.AsSpan().IndexOfAnyExcept((byte)0) < 0)
            {
                // End of archive: a zero block.
                if (longName is not null || longLink is not null || pax is not null)
                {
                    throw new InvalidDataException($"tar archive ends right after an extended header at offset {headerOffset}.");
                }

                return null;
            }

            if (read < BlockSize)
            {
                throw new EndOfStreamException($"tar archive is truncated inside the header at offset {headerOffset}.");
            }

            VerifyChecksum(headerOffset);
            char type = (char)_header[156];
            long size = ReadNumber(124, 12, "size", headerOffset);
            if (pax is not null && pax.TryGetValue("size", out string? paxSize))
            {
                size = long.Parse(paxSize, NumberStyles.None, CultureInfo.InvariantCulture);
            }

            if (size < 0)
            {
                throw new InvalidDataException($"tar header at offset {headerOffset} has a negative size.");
            }

            switch (type)
            {
                case 'L':
                    longName = await ReadMetadataStringAsync(size, "GNU long name", cancellationToken).ConfigureAwait(false);
                    continue;
                case 'K':
                    longLink = await ReadMetadataStringAsync(size, "GNU long link name", cancellationToken).ConfigureAwait(false);
                    continue;
                case 'x':
                    pax = ParsePax(await ReadMetadataAsync(size, "PAX header", cancellationToken).ConfigureAwait(false), headerOffset);
                    continue;
                case 'g':
                    // Global PAX attributes (e.g. git archive's comment) do not change paths: skipped.
                    StartEntry(size);
                    await SkipRestOfEntryAsync(cancellationToken).ConfigureAwait(false);
                    continue;
            }

            string name = longName ?? HeaderName();
            string linkName = longLink ?? ReadString(157, 100);
            if (pax is not null)
            {
                name = pax.GetValueOrDefault("path", name);
                linkName = pax.GetValueOrDefault("linkpath", linkName);
            }

            var mode = (UnixFileMode)(ReadNumber(100, 8, "mode", headerOffset) & 0xFFF);
            TarEntryKind kind = type switch
            {
                '0' or '\0' or '7' => name.EndsWith('/') ? TarEntryKind.Directory : TarEntryKind.File,
                '5' => TarEntryKind.Directory,
                '2' => TarEntryKind.SymbolicLink,
                '1' => TarEntryKind.HardLink,
                '3' or '4' or '6' => TarEntryKind.Special,
                _ => throw new InvalidDataException($"tar entry '{name}' has the unsupported type '{type}'."),
            };

            // Only regular files carry data; a size on links or directories is skipped with the padding.
            StartEntry(size);
            _currentName = name;
            return new TarEntry(name, kind, linkName, mode, size, new TarDataStream(this));
        }
    }

    /// <summary>True when <paramref name="block"/> is a 512-byte tar header whose checksum is right.</summary>
    public static bool LooksLikeTarHeader(ReadOnlySpan<byte> block)
    {
        if (block.Length < BlockSize || block[..BlockSize].IndexOfAnyExcept((byte)0) < 0)
        {
            return false;
        }

        long stored = 0;
        foreach (byte b in block.Slice(148, 8))
        {
            if (b is >= (byte)'0' and <= (byte)'7')
            {
                stored = (stored << 3) + (b - '0');
            }
            else if (b is not ((byte)' ' or 0))
            {
                return false;
            }
        }

        (long unsignedSum, long signedSum) = ChecksumSums(block);
        return stored == unsignedSum || stored == signedSum;
    }

    /// <summary>Reads data of the current entry (for <see cref="TarDataStream"/>).</summary>
    public int ReadData(Span<byte> buffer)
    {
        if (_remaining == 0 || buffer.IsEmpty)
        {
            return 0;
        }

        int read = _stream.Read(buffer[..(int)Math.Min(buffer.Length, _remaining)]);
        return AfterDataRead(read);
    }

    /// <summary>Reads data of the current entry (for <see cref="TarDataStream"/>).</summary>
    public async ValueTask<int> ReadDataAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        if (_remaining == 0 || buffer.IsEmpty)
        {
            return 0;
        }

        int read = await _stream.ReadAsync(buffer[..(int)Math.Min(buffer.Length, _remaining)], cancellationToken).ConfigureAwait(false);
        return AfterDataRead(read);
    }

    private int AfterDataRead(int read)
    {
        if (read == 0)
        {
            throw new EndOfStreamException($"tar archive is truncated inside the data of '{_currentName}' ({_remaining} bytes missing).");
        }

        _remaining -= read;
        _position += read;
        return read;
    }

    private void StartEntry(long size)
    {
        _remaining = size;
        _padding = (BlockSize - (size % BlockSize)) % BlockSize;
    }

    private async Task SkipRestOfEntryAsync(CancellationToken cancellationToken)
    {
        while (_remaining > 0)
        {
            await ReadDataAsync(_skipBuffer.AsMemory(0, (int)Math.Min(_skipBuffer.Length, _remaining)), cancellationToken).ConfigureAwait(false);
        }

        if (_padding > 0)
        {
            int read = await ReadFullyAsync(_skipBuffer.AsMemory(0, (int)_padding), cancellationToken).ConfigureAwait(false);
            if (read < _padding)
            {
                throw new EndOfStreamException($"tar archive is truncated after the data of '{_currentName}'.");
            }

            _padding = 0;
        }
    }

    private async Task<byte[]> ReadMetadataAsync(long size, string what, CancellationToken cancellationToken)
    {
        if (size > MaxMetadataSize)
        {
            throw new InvalidDataException($"tar {what} of {size} bytes is larger than the {MaxMetadataSize} bytes allowed.");
        }

        var data = new byte[size];
        StartEntry(size);
        _currentName = what;
        int offset = 0;
        while (offset < data.Length)
        {
            offset += await ReadDataAsync(data.AsMemory(offset), cancellationToken).ConfigureAwait(false);
        }

        await SkipRestOfEntryAsync(cancellationToken).ConfigureAwait(false);
        return data;
    }

    private async Task<string> ReadMetadataStringAsync(long size, string what, CancellationToken cancellationToken)
    {
        byte[] data = await ReadMetadataAsync(size, what, cancellationToken).ConfigureAwait(false);
        int end = Array.IndexOf(data, (byte)0);
        return Encoding.UTF8.GetString(data, 0, end < 0 ? data.Length : end);
    }

    private static Dictionary<string, string> ParsePax(byte[] data, long headerOffset)
    {
        // Records: "<length> <key>=<value>\n", length counting the whole record.
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        int pos = 0;
        while (pos < data.Length)
        {
            int space = Array.IndexOf(data, (byte)' ', pos);
            if (space < 0 || !int.TryParse(data.AsSpan(pos, space - pos), NumberStyles.None, CultureInfo.InvariantCulture, out int length)
                || length <= space - pos || pos + length > data.Length || data[pos + length - 1] != (byte)'\n')
            {
                if (data.AsSpan(pos).IndexOfAnyExcept((byte)0) < 0)
                {
                    break;
                }

                throw new InvalidDataException($"tar PAX header at offset {headerOffset} has a malformed record at byte {pos}.");
            }

            string record = Encoding.UTF8.GetString(data, space + 1, pos + length - space - 2);
            int equals = record.IndexOf('=');
            if (equals <= 0)
            {
                throw new InvalidDataException($"tar PAX header at offset {headerOffset} has a record without '=' at byte {pos}.");
            }

            result[record[..equals]] = record[(equals + 1)..];
            pos += length;
        }

        return result;
    }

    private void VerifyChecksum(long headerOffset)
    {
        long stored = ReadNumber(148, 8, "checksum", headerOffset);
        (long unsignedSum, long signedSum) = ChecksumSums(_header);
        if (stored != unsignedSum && stored != signedSum)
        {
            throw new InvalidDataException(
                $"tar header at offset {headerOffset} ('{ReadString(0, 100)}') has checksum {stored}, but its bytes sum to {unsignedSum}.");
        }
    }

    private static (long Unsigned, long Signed) ChecksumSums(ReadOnlySpan<byte> header)
    {
        // The checksum field itself counts as eight spaces; old tars summed signed bytes.
        long unsignedSum = 0;
        long signedSum = 0;
        for (int i = 0; i < BlockSize; i++)
        {
            byte b = i is >= 148 and < 156 ? (byte)' ' : header[i];
            unsignedSum += b;
            signedSum += (sbyte)b;
        }

        return (unsignedSum, signedSum);
    }

    private string HeaderName()
    {
        string name = ReadString(0, 100);
        bool posixUstar = _header.AsSpan(257, 6).SequenceEqual("ustar\0"u8);
        if (posixUstar)
        {
            string prefix = ReadString(345, 155);
            if (prefix.Length > 0)
            {
                return prefix + "/" + name;
            }
        }

        return name;
    }

    private string ReadString(int offset, int length)
    {
        ReadOnlySpan<byte> field = _header.AsSpan(offset, length);
        int end = field.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end < 0 ? field : field[..end]);
    }

    private long ReadNumber(int offset, int length, string field, long headerOffset)
    {
        ReadOnlySpan<byte> bytes = _header.AsSpan(offset, length);
        if ((bytes[0] & 0x80) != 0)
        {
            // GNU base-256: big-endian two's complement in the remaining bits.
            long value = (sbyte)(bytes[0] << 1) >> 1;
            for (int i = 1; i < bytes.Length; i++)
            {
                value = (value << 8) | bytes[i];
            }

            return value;
        }

        long result = 0;
        bool digits = false;
        foreach (byte b in bytes)
        {
            if (b is (byte)' ' or 0)
            {
                if (digits)
                {
                    break;
                }

                continue;
            }

            if (b is < (byte)'0' or > (byte)'7')
            {
                throw new InvalidDataException($"tar header at offset {headerOffset} has a non-octal {field} field.");
            }

            digits = true;
            result = (result << 3) + (b - '0');
        }

        return result;
    }

    private async Task<int> ReadFullyAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        int total = 0;
        while (total < buffer.Length)
        {
            int read = await _stream.ReadAsync(buffer[total..], cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        _position += total;
        return total;
    }
}
