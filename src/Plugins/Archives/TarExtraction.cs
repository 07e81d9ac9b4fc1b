using System.Formats.Tar;

namespace PluginHost.Plugins.Archives;

/// <summary>Unpacks a tar stream (ustar, GNU long names/links, PAX) entry by entry into an extraction target.</summary>
internal static class TarExtraction
{
    /// <summary>Reads every entry of <paramref name="tar"/> and writes it below <paramref name="target"/>.</summary>
    public static async Task ExtractAsync(Stream tar, ExtractionTarget target, string archivePath, CancellationToken cancellationToken)
    {
        await using var reader = new TarReader(tar, leaveOpen: true);
        TarEntry? entry;
        while ((entry = await reader.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false)) is not null)
        {
            switch (entry.EntryType)
            {
                case TarEntryType.GlobalExtendedAttributes:
                case TarEntryType.CharacterDevice:
                case TarEntryType.BlockDevice:
                case TarEntryType.Fifo:
                    // Metadata only, or special files a tool install never needs: skipped.
                    continue;
                case TarEntryType.RegularFile:
                case TarEntryType.V7RegularFile:
                case TarEntryType.ContiguousFile:
                    if (target.Resolve(entry.Name) is { } filePath)
                    {
                        await target.WriteFileAsync(entry.Name, filePath, entry.DataStream, entry.Mode, cancellationToken).ConfigureAwait(false);
                    }

                    break;
                case TarEntryType.Directory:
                    if (target.Resolve(entry.Name) is { } dirPath)
                    {
                        target.CreateDirectory(dirPath, entry.Mode);
                    }

                    break;
                case TarEntryType.SymbolicLink:
                    if (target.Resolve(entry.Name) is { } linkPath)
                    {
                        target.CreateSymlink(entry.Name, linkPath, entry.LinkName);
                    }

                    break;
                case TarEntryType.HardLink:
                    if (target.Resolve(entry.Name) is { } hardPath)
                    {
                        target.CreateHardLink(entry.Name, hardPath, entry.LinkName);
                    }

                    break;
                default:
                    throw new ArchiveException($"Entry '{entry.Name}' of archive '{archivePath}' has the unsupported tar type {entry.EntryType}.");
            }
        }
    }
}
