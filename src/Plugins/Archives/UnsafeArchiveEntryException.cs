namespace PluginHost.Plugins.Archives;

/// <summary>An archive entry would land outside the target directory (absolute path, <c>..</c>, symlink escape).</summary>
public sealed class UnsafeArchiveEntryException : ArchiveException
{
    /// <summary>Creates the exception for entry <paramref name="entryName"/> of <paramref name="archivePath"/>.</summary>
    public UnsafeArchiveEntryException(string archivePath, string entryName, string reason)
        : base($"Refusing entry '{entryName}' of archive '{archivePath}': {reason}.")
    {
        ArchivePath = archivePath;
        EntryName = entryName;
    }

    /// <summary>The archive holding the entry.</summary>
    public string ArchivePath { get; }

    /// <summary>The entry name as stored in the archive.</summary>
    public string EntryName { get; }
}
