namespace PluginHost.Plugins.Archives;

/// <summary>What an archive file holds and how it is compressed.</summary>
/// <param name="Container">Tar, zip, or a single compressed file.</param>
/// <param name="Compression">The compression around the container (zip carries its own).</param>
public sealed record ArchiveFormat(ArchiveContainer Container, ArchiveCompression Compression);

/// <summary>The container inside an archive file.</summary>
public enum ArchiveContainer
{
    /// <summary>A tar stream.</summary>
    Tar,

    /// <summary>A zip file.</summary>
    Zip,

    /// <summary>One compressed file, no container (e.g. <c>tool.gz</c>).</summary>
    SingleFile,
}

/// <summary>The stream compression wrapped around a tar or a single file.</summary>
public enum ArchiveCompression
{
    /// <summary>Not compressed.</summary>
    None,

    /// <summary>gzip (.gz, .tgz).</summary>
    Gzip,

    /// <summary>xz (.xz, .txz).</summary>
    Xz,

    /// <summary>bzip2 (.bz2, .tbz2).</summary>
    Bzip2,

    /// <summary>Zstandard (.zst, .tzst).</summary>
    Zstd,
}
