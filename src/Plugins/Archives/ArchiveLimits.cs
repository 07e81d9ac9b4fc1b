namespace PluginHost.Plugins.Archives;

/// <summary>How much one extraction may write: refuses decompression bombs and archives of absurd entry counts.</summary>
/// <param name="MaxBytes">Most bytes of file data written in total.</param>
/// <param name="MaxEntries">Most entries (files, directories, links) read.</param>
public sealed record ArchiveLimits(long MaxBytes, int MaxEntries)
{
    /// <summary>16 GiB and 1,000,000 entries: far above any tool release, well below a filled disk.</summary>
    public static ArchiveLimits Default { get; } = new(16L << 30, 1_000_000);
}
