using PluginHost.Plugins.Archives.Tar;

namespace PluginHost.Plugins.Archives;

/// <summary>Unpacks a tar stream entry by entry into an extraction target.</summary>
internal static class TarExtraction
{
    /// <summary>Reads every entry of <paramref name="tar"/> and writes it below <paramref name="target"/>.</summary>
    public static async Task ExtractAsync(Stream tar, ExtractionTarget target, CancellationToken cancellationToken)
    {
        var reader = new TarStreamReader(tar);
        TarEntry? entry;
        while ((entry = await reader.NextAsync(cancellationToken).ConfigureAwait(false)) is not null)
        {
            if (entry.Kind == TarEntryKind.Special || target.Resolve(entry.Name) is not { } path)
            {
                continue;
            }

            switch (entry.Kind)
            {
                case TarEntryKind.File:
                    await target.WriteFileAsync(entry.Name, path, entry.Data, entry.Mode, cancellationToken).ConfigureAwait(false);
                    break;
                case TarEntryKind.Directory:
                    target.CreateDirectory(path, entry.Mode);
                    break;
                case TarEntryKind.SymbolicLink:
                    target.CreateSymlink(entry.Name, path, entry.LinkName);
                    break;
                case TarEntryKind.HardLink:
                    target.CreateHardLink(entry.Name, path, entry.LinkName);
                    break;
            }
        }

        // Read to the real end so the decompressor checks its trailer (CRC, XXH64) even after the tar end marker.
        await tar.CopyToAsync(Stream.Null, cancellationToken).ConfigureAwait(false);
    }
}
