using System.IO.Compression;
using System.Text;
using PluginHost.Plugins.Archives.Zip;

namespace PluginHost.Plugins.Archives;

/// <summary>Unpacks a zip file (with Unix modes and symlinks as Info-ZIP stores them) into an extraction target.</summary>
internal static class ZipExtraction
{
    private const int UnixTypeMask = 0xF000;
    private const int UnixSymlink = 0xA000;
    private const int UnixDirectory = 0x4000;

    /// <summary>Reads every entry of the zip at <paramref name="archivePath"/> and writes it below <paramref name="target"/>.</summary>
    public static async Task ExtractAsync(string archivePath, ExtractionTarget target, CancellationToken cancellationToken)
    {
        await using var file = new FileStream(archivePath, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);
        using var zip = new ZipArchive(file, ZipArchiveMode.Read, leaveOpen: true);
        foreach (ZipArchiveEntry entry in zip.Entries)
        {
            cancellationToken.ThrowIfCancellationRequested();
            string? path = target.Resolve(entry.FullName);
            if (path is null)
            {
                continue;
            }

            int unixMode = (entry.ExternalAttributes >> 16) & 0xFFFF;
            UnixFileMode? mode = unixMode == 0 ? null : (UnixFileMode)(unixMode & 0xFFF);
            bool isDirectory = entry.FullName.EndsWith('/') || entry.FullName.EndsWith('\\') || (unixMode & UnixTypeMask) == UnixDirectory;
            if (isDirectory)
            {
                target.CreateDirectory(path, mode);
            }
            else if ((unixMode & UnixTypeMask) == UnixSymlink)
            {
                string linkTarget;
                await using (Stream data = Open(entry))
                using (var reader = new StreamReader(data, Encoding.UTF8))
                {
                    linkTarget = await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
                }

                target.CreateSymlink(entry.FullName, path, linkTarget);
            }
            else
            {
                await using Stream data = Open(entry);
                await target.WriteFileAsync(entry.FullName, path, data, mode, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static Stream Open(ZipArchiveEntry entry) => new CrcCheckingStream(entry.Open(), entry.FullName, entry.Crc32, entry.Length);
}
