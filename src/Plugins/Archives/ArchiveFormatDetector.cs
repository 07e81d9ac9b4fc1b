namespace PluginHost.Plugins.Archives;

/// <summary>Works out an archive's format from its file name and its first bytes (magic numbers win over the name).</summary>
public static class ArchiveFormatDetector
{
    private static readonly (string Suffix, ArchiveFormat Format)[] Suffixes =
    [
        (".tar.gz", new(ArchiveContainer.Tar, ArchiveCompression.Gzip)),
        (".tgz", new(ArchiveContainer.Tar, ArchiveCompression.Gzip)),
        (".tar.xz", new(ArchiveContainer.Tar, ArchiveCompression.Xz)),
        (".txz", new(ArchiveContainer.Tar, ArchiveCompression.Xz)),
        (".tar.bz2", new(ArchiveContainer.Tar, ArchiveCompression.Bzip2)),
        (".tar.bz", new(ArchiveContainer.Tar, ArchiveCompression.Bzip2)),
        (".tbz2", new(ArchiveContainer.Tar, ArchiveCompression.Bzip2)),
        (".tbz", new(ArchiveContainer.Tar, ArchiveCompression.Bzip2)),
        (".tar.zst", new(ArchiveContainer.Tar, ArchiveCompression.Zstd)),
        (".tar.zstd", new(ArchiveContainer.Tar, ArchiveCompression.Zstd)),
        (".tzst", new(ArchiveContainer.Tar, ArchiveCompression.Zstd)),
        (".tar", new(ArchiveContainer.Tar, ArchiveCompression.None)),
        (".zip", new(ArchiveContainer.Zip, ArchiveCompression.None)),
        (".gz", new(ArchiveContainer.SingleFile, ArchiveCompression.Gzip)),
        (".xz", new(ArchiveContainer.SingleFile, ArchiveCompression.Xz)),
        (".bz2", new(ArchiveContainer.SingleFile, ArchiveCompression.Bzip2)),
        (".zst", new(ArchiveContainer.SingleFile, ArchiveCompression.Zstd)),
        (".zstd", new(ArchiveContainer.SingleFile, ArchiveCompression.Zstd)),
    ];

    /// <summary>The format named by the file name alone, or null when the name says nothing.</summary>
    public static ArchiveFormat? FromFileName(string fileName)
    {
        string lower = fileName.ToLowerInvariant();
        foreach ((string suffix, ArchiveFormat format) in Suffixes)
        {
            if (lower.EndsWith(suffix, StringComparison.Ordinal))
            {
                return format;
            }
        }

        return null;
    }

    /// <summary>Detects the format of the archive at <paramref name="archivePath"/>.</summary>
    public static async Task<ArchiveFormat> DetectAsync(string archivePath, CancellationToken cancellationToken = default)
    {
        var head = new byte[512];
        int length = 0;
        await using (var stream = new FileStream(archivePath, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, useAsync: true))
        {
            int read;
            while (length < head.Length && (read = await stream.ReadAsync(head.AsMemory(length), cancellationToken).ConfigureAwait(false)) > 0)
            {
                length += read;
            }
        }

        if (length == 0)
        {
            throw new ArchiveException($"Archive '{archivePath}' is empty.");
        }

        ArchiveFormat format = Detect(Path.GetFileName(archivePath), head.AsSpan(0, length), archivePath);
        if (format.Container == ArchiveContainer.Tar && format.Compression != ArchiveCompression.None && FromFileName(archivePath) is null)
        {
            // A compressed file whose name says nothing: look inside to tell a tar from a single compressed file.
            format = await LooksLikeCompressedTarAsync(archivePath, format.Compression, cancellationToken).ConfigureAwait(false)
                ? format
                : format with { Container = ArchiveContainer.SingleFile };
        }

        return format;
    }

    /// <summary>Combines the file name with the first bytes of the file; <paramref name="source"/> names the file in errors.</summary>
    public static ArchiveFormat Detect(string fileName, ReadOnlySpan<byte> head, string source)
    {
        ArchiveFormat? byName = FromFileName(fileName);
        if (IsZip(head))
        {
            return new ArchiveFormat(ArchiveContainer.Zip, ArchiveCompression.None);
        }

        ArchiveCompression? compression = CompressionFromMagic(head);
        if (compression is { } c)
        {
            // A compressed stream: the name says whether a tar or a single file is inside; tar when it does not say.
            ArchiveContainer container = byName?.Container == ArchiveContainer.SingleFile ? ArchiveContainer.SingleFile : ArchiveContainer.Tar;
            return new ArchiveFormat(container, c);
        }

        if (IsTar(head))
        {
            return new ArchiveFormat(ArchiveContainer.Tar, ArchiveCompression.None);
        }

        return byName ?? throw new ArchiveException(
            $"Archive '{source}' has an unrecognised format (expected tar, tar.gz, tar.xz, tar.bz2, tar.zst, zip, or a .gz/.xz/.bz2/.zst file).");
    }

    private static async Task<bool> LooksLikeCompressedTarAsync(string archivePath, ArchiveCompression compression, CancellationToken cancellationToken)
    {
        var block = new byte[512];
        int length = 0;
        try
        {
            await using Stream data = ArchiveExtractor.OpenDecompressed(archivePath, compression);
            int read;
            while (length < block.Length && (read = await data.ReadAsync(block.AsMemory(length), cancellationToken).ConfigureAwait(false)) > 0)
            {
                length += read;
            }
        }
        catch (InvalidDataException)
        {
            // Corrupt data: keep calling it a tar; extraction reports the error.
            return true;
        }

        return length == block.Length && Tar.TarStreamReader.LooksLikeTarHeader(block);
    }

    private static bool IsZip(ReadOnlySpan<byte> head) =>
        head.Length >= 4 && head[0] == 'P' && head[1] == 'K' && ((head[2] == 3 && head[3] == 4) || (head[2] == 5 && head[3] == 6));

    private static bool IsTar(ReadOnlySpan<byte> head) =>
        head.Length >= 262 && head.Slice(257, 5).SequenceEqual("ustar"u8);

    private static ArchiveCompression? CompressionFromMagic(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith(new byte[] { 0x1F, 0x8B }))
        {
            return ArchiveCompression.Gzip;
        }

        if (head.StartsWith(new byte[] { 0xFD, (byte)'7', (byte)'z', (byte)'X', (byte)'Z', 0x00 }))
        {
            return ArchiveCompression.Xz;
        }

        if (head.StartsWith("BZh"u8))
        {
            return ArchiveCompression.Bzip2;
        }

        if (head.StartsWith(new byte[] { 0x28, 0xB5, 0x2F, 0xFD }))
        {
            return ArchiveCompression.Zstd;
        }

        return null;
    }
}
