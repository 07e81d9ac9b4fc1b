namespace PluginHost.Plugins.Archives.Tar;

/// <summary>One tar entry with long names and PAX overrides already applied.</summary>
/// <param name="Name">Path inside the archive.</param>
/// <param name="Kind">What the entry is.</param>
/// <param name="LinkName">Target of a symlink or hard link, else empty.</param>
/// <param name="Mode">Permission bits from the header.</param>
/// <param name="Size">Length of the entry data.</param>
/// <param name="Data">The entry data; valid until the next entry is read.</param>
internal sealed record TarEntry(string Name, TarEntryKind Kind, string LinkName, UnixFileMode Mode, long Size, Stream Data);
