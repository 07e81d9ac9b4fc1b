using System.Formats.Tar;
using PluginHost.Plugins.Archives;
using PluginHost.Plugins.Tests.TestSupport;

namespace PluginHost.Plugins.Tests.Archives;

/// <summary>Our tar reader against archives written by .NET's own TarWriter (an independent writer), in every format.</summary>
public sealed class TarInteropTests
{
    private static readonly string LongDir = string.Join('/', Enumerable.Range(0, 6).Select(i => $"segment-{i}-" + new string('x', 30)));

    [Theory]
    [InlineData(TarEntryFormat.Pax)]
    [InlineData(TarEntryFormat.Gnu)]
    public async Task LongNamesAndLinksRoundTrip(TarEntryFormat format)
    {
        using var temp = new TempDir();
        string tar = temp.Combine("dotnet.tar");
        await using (var file = File.Create(tar))
        await using (var writer = new TarWriter(file, format))
        {
            await writer.WriteEntryAsync(Dir(format, "pkg/" + LongDir + "/"));
            await writer.WriteEntryAsync(FileEntry(format, "pkg/" + LongDir + "/tool", "#!/bin/sh\n", (UnixFileMode)0x1ED));
            await writer.WriteEntryAsync(Link(format, TarEntryType.SymbolicLink, "pkg/tool-link", LongDir + "/tool"));
            await writer.WriteEntryAsync(Link(format, TarEntryType.HardLink, "pkg/tool-hard", "pkg/" + LongDir + "/tool"));
        }

        string target = temp.Combine("out");
        await ArchiveExtractor.ExtractAsync(tar, target, "pkg");
        string tool = Path.Combine(target, LongDir, "tool");
        Assert.True(LongDir.Length > 200);
        Assert.Equal("#!/bin/sh\n", await File.ReadAllTextAsync(tool));
        Assert.Equal((UnixFileMode)0x1ED, File.GetUnixFileMode(tool));
        Assert.Equal(LongDir + "/tool", new FileInfo(Path.Combine(target, "tool-link")).LinkTarget);
        Assert.Equal("#!/bin/sh\n", await File.ReadAllTextAsync(Path.Combine(target, "tool-link")));
        Assert.Equal("#!/bin/sh\n", await File.ReadAllTextAsync(Path.Combine(target, "tool-hard")));
    }

    [Theory]
    [InlineData(TarEntryFormat.V7)]
    [InlineData(TarEntryFormat.Ustar)]
    public async Task ShortNameFormats(TarEntryFormat format)
    {
        using var temp = new TempDir();
        string tar = temp.Combine("dotnet.tar");
        await using (var file = File.Create(tar))
        await using (var writer = new TarWriter(file, format))
        {
            await writer.WriteEntryAsync(Dir(format, "dir/"));
            await writer.WriteEntryAsync(FileEntry(format, "dir/a.txt", "a", (UnixFileMode)0x1A4));
            await writer.WriteEntryAsync(FileEntry(format, "dir/empty", string.Empty, (UnixFileMode)0x180));
        }

        string target = temp.Combine("out");
        await ArchiveExtractor.ExtractAsync(tar, target, null);
        Assert.Equal("a", await File.ReadAllTextAsync(Path.Combine(target, "dir", "a.txt")));
        Assert.Equal(string.Empty, await File.ReadAllTextAsync(Path.Combine(target, "dir", "empty")));
        Assert.Equal((UnixFileMode)0x180, File.GetUnixFileMode(Path.Combine(target, "dir", "empty")));
    }

    [Fact]
    public async Task DotDotThroughAnEarlierSymlinkIsRefused()
    {
        // "c" -> "." is harmless, but "l" -> "c/../x" would make the kernel climb above the target.
        using var temp = new TempDir();
        string tar = temp.Combine("sneaky.tar");
        await using (var file = File.Create(tar))
        await using (var writer = new TarWriter(file, TarEntryFormat.Pax))
        {
            await writer.WriteEntryAsync(Link(TarEntryFormat.Pax, TarEntryType.SymbolicLink, "c", "."));
            await writer.WriteEntryAsync(Link(TarEntryFormat.Pax, TarEntryType.SymbolicLink, "l", "c/../x"));
        }

        var e = await Assert.ThrowsAsync<UnsafeArchiveEntryException>(() => ArchiveExtractor.ExtractAsync(tar, temp.Combine("out"), null));
        Assert.Equal("l", e.EntryName);
        Assert.Contains("follows the symlink 'c'", e.Message);
    }

    [Fact]
    public async Task SymlinkPlacedThroughAnotherSymlinkIsCheckedFromItsRealFolder()
    {
        // "a" -> "." makes "a/b" really "b": its "../../x" would land above the target.
        using var temp = new TempDir();
        string tar = temp.Combine("sneaky.tar");
        await using (var file = File.Create(tar))
        await using (var writer = new TarWriter(file, TarEntryFormat.Pax))
        {
            await writer.WriteEntryAsync(Link(TarEntryFormat.Pax, TarEntryType.SymbolicLink, "a", "."));
            await writer.WriteEntryAsync(Dir(TarEntryFormat.Pax, "a/b/"));
            await writer.WriteEntryAsync(Link(TarEntryFormat.Pax, TarEntryType.SymbolicLink, "a/b/l", "../../x"));
        }

        var e = await Assert.ThrowsAsync<UnsafeArchiveEntryException>(() => ArchiveExtractor.ExtractAsync(tar, temp.Combine("out"), null));
        Assert.Equal("a/b/l", e.EntryName);
        Assert.True(Directory.Exists(temp.Combine("out", "b")));
    }

    private static TarEntry Dir(TarEntryFormat format, string name) => format switch
    {
        TarEntryFormat.Pax => new PaxTarEntry(TarEntryType.Directory, name) { Mode = (UnixFileMode)0x1ED },
        TarEntryFormat.Gnu => new GnuTarEntry(TarEntryType.Directory, name) { Mode = (UnixFileMode)0x1ED },
        TarEntryFormat.Ustar => new UstarTarEntry(TarEntryType.Directory, name) { Mode = (UnixFileMode)0x1ED },
        _ => new V7TarEntry(TarEntryType.V7RegularFile, name) { Mode = (UnixFileMode)0x1ED },
    };

    private static TarEntry FileEntry(TarEntryFormat format, string name, string content, UnixFileMode mode)
    {
        TarEntry entry = format switch
        {
            TarEntryFormat.Pax => new PaxTarEntry(TarEntryType.RegularFile, name),
            TarEntryFormat.Gnu => new GnuTarEntry(TarEntryType.RegularFile, name),
            TarEntryFormat.Ustar => new UstarTarEntry(TarEntryType.RegularFile, name),
            _ => new V7TarEntry(TarEntryType.V7RegularFile, name),
        };
        entry.Mode = mode;
        entry.DataStream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(content));
        return entry;
    }

    private static TarEntry Link(TarEntryFormat format, TarEntryType type, string name, string target)
    {
        TarEntry entry = format == TarEntryFormat.Gnu ? new GnuTarEntry(type, name) : new PaxTarEntry(type, name);
        entry.LinkName = target;
        return entry;
    }
}
