namespace PluginHost.Plugins.Archives.Tar;

/// <summary>The kinds of tar entry the extractor handles.</summary>
internal enum TarEntryKind
{
    /// <summary>Regular file (types '0', '\0', '7').</summary>
    File,

    /// <summary>Directory (type '5', or a v7 file whose name ends in '/').</summary>
    Directory,

    /// <summary>Symbolic link (type '2').</summary>
    SymbolicLink,

    /// <summary>Hard link to an earlier entry (type '1').</summary>
    HardLink,

    /// <summary>Character/block device or FIFO (types '3', '4', '6'): never needed by a tool install, skipped.</summary>
    Special,
}
