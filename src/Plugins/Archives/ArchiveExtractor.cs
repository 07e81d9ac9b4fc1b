using System.IO.Compression;
using SharpCompress.Compressors.BZip2;
using SharpCompress.Compressors.ZStandard;
using CompressionMode = SharpCompress.Compressors.CompressionMode;

namespace PluginHost.Plugins.Archives;

/// <summary>Unpacks downloaded tool archives: tar (plain, gz, xz, bz2, zst), zip, and single compressed files.</summary>
public static class ArchiveExtractor
{
    /// <summary>
    /// Extracts <paramref name="archivePath"/> into <paramref name="targetDir"/>, stripping <paramref name="archivePrefix"/>
    /// (segments may contain <c>*</c>) from every entry. Entries that would escape the target directory are refused
    /// with <see cref="UnsafeArchiveEntryException"/>; corrupt data gives <see cref="ArchiveException"/>.
    /// </summary>
    public static Task ExtractAsync(string archivePath, string targetDir, string? archivePrefix, CancellationToken cancellationToken = default) =>
        ExtractAsync(archivePath, targetDir, archivePrefix, ArchiveLimits.Default, cancellationToken);

    /// <summary>Extracts as <see cref="ExtractAsync(string, string, string?, CancellationToken)"/> does, refusing archives beyond <paramref name="limits"/>.</summary>
    public static async Task ExtractAsync(string archivePath, string targetDir, string? archivePrefix, ArchiveLimits limits, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(archivePath))
        {
            throw new ArchiveException($"Archive '{archivePath}' does not exist.");
        }

        ArchiveFormat format = await ArchiveFormatDetector.DetectAsync(archivePath, cancellationToken).ConfigureAwait(false);
        Directory.CreateDirectory(targetDir);
        var target = new ExtractionTarget(archivePath, targetDir, ArchivePrefix.Parse(archivePrefix), limits);
        try
        {
            switch (format.Container)
            {
                case ArchiveContainer.Zip:
                    await ZipExtraction.ExtractAsync(archivePath, target, cancellationToken).ConfigureAwait(false);
                    break;
                case ArchiveContainer.Tar:
                    await using (Stream data = OpenDecompressed(archivePath, format.Compression))
                    {
                        await TarExtraction.ExtractAsync(data, target, cancellationToken).ConfigureAwait(false);
                    }

                    break;
                case ArchiveContainer.SingleFile:
                    await using (Stream data = OpenDecompressed(archivePath, format.Compression))
                    {
                        // "tool.gz" becomes "tool"; a name without a known suffix is kept as it is.
                        string name = ArchiveFormatDetector.FromFileName(archivePath) is { Container: ArchiveContainer.SingleFile }
                            ? Path.GetFileNameWithoutExtension(archivePath)
                            : Path.GetFileName(archivePath);
                        await target.WriteFileAsync(name, target.SingleFilePath(name), data, null, cancellationToken).ConfigureAwait(false);
                    }

                    break;
            }

            if (format.Container != ArchiveContainer.SingleFile)
            {
                target.Finish();
            }
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or EndOfStreamException or SharpCompress.Common.SharpCompressException)
        {
            throw new ArchiveException(
                $"Archive '{archivePath}' ({Describe(format)}) is corrupt or truncated: {e.Message}", e);
        }
    }

    /// <summary>Opens the archive file and wraps it in the decompressor for <paramref name="compression"/> (SharpCompress for xz, bzip2, zstd).</summary>
    public static Stream OpenDecompressed(string archivePath, ArchiveCompression compression)
    {
        var file = new FileStream(archivePath, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);
        try
        {
            return compression switch
            {
                ArchiveCompression.None => file,
                ArchiveCompression.Gzip => new GZipStream(file, System.IO.Compression.CompressionMode.Decompress),
                ArchiveCompression.Xz => new DecodingStream(new ConcatenatedXzStream(file), "xz"),
                ArchiveCompression.Bzip2 => new DecodingStream(
                    BZip2Stream.Create(file, CompressionMode.Decompress, decompressConcatenated: true, leaveOpen: false, tolerateTruncatedStream: false), "bzip2"),
                ArchiveCompression.Zstd => new DecodingStream(
                    new DecompressionStream(file, bufferSize: 81920, checkEndOfStream: true, leaveOpen: false), "zstd"),
                _ => throw new ArgumentOutOfRangeException(nameof(compression), compression, "Unknown compression."),
            };
        }
        catch (Exception e) when (e is SharpCompress.Common.SharpCompressException or InvalidDataException or EndOfStreamException)
        {
            file.Dispose();
            throw new InvalidDataException($"{compression.ToString().ToLowerInvariant()} data is corrupt: {e.Message}", e);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    private static string Describe(ArchiveFormat format) => format.Container switch
    {
        ArchiveContainer.Zip => "zip",
        ArchiveContainer.Tar when format.Compression == ArchiveCompression.None => "tar",
        ArchiveContainer.Tar => "tar." + format.Compression.ToString().ToLowerInvariant(),
        _ => format.Compression.ToString().ToLowerInvariant(),
    };
}
