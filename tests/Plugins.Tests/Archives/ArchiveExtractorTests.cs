using PluginHost.Plugins.Archives;
using PluginHost.Plugins.Tests.TestSupport;

namespace PluginHost.Plugins.Tests.Archives;

public sealed class ArchiveExtractorTests
{
    private const string LongDir =
        "share/a-directory-name-that-is-long-enough-to-need-gnu-long-names-or-pax-headers-because-it-is-over-100-bytes";

    private static readonly string Numbers = string.Concat(Enumerable.Range(1, 20000).Select(i => i + "\n"));

    [Theory]
    [InlineData("tool.tar")]
    [InlineData("tool.tar.gz")]
    [InlineData("tool.tgz")]
    [InlineData("tool.tar.xz")]
    [InlineData("tool.tar.bz2")]
    [InlineData("tool.tar.zst")]
    [InlineData("tool.zip")]
    public async Task EveryFormatExtractsTheWholeTree(string archive)
    {
        using var temp = new TempDir();
        await ArchiveExtractor.ExtractAsync(Fixtures.Archive(archive), temp.Path, archivePrefix: null);
        AssertToolTree(Path.Combine(temp.Path, "tool-1.2.3"), hardLinkIsLink: archive != "tool.zip");
    }

    [Theory]
    [InlineData("tool.tar.gz", "tool-*")]
    [InlineData("tool.tar.xz", "tool-1.2.3")]
    [InlineData("tool.tar.zst", "tool-*/")]
    [InlineData("tool.zip", "./tool-*")]
    public async Task PrefixIsStripped(string archive, string prefix)
    {
        using var temp = new TempDir();
        await ArchiveExtractor.ExtractAsync(Fixtures.Archive(archive), temp.Path, prefix);
        AssertToolTree(temp.Path, hardLinkIsLink: archive != "tool.zip");
        Assert.False(Directory.Exists(Path.Combine(temp.Path, "tool-1.2.3")));
    }

    [Fact]
    public async Task UstarPrefixFieldJoinsLongPaths()
    {
        using var temp = new TempDir();
        await ArchiveExtractor.ExtractAsync(Fixtures.Archive("tool-ustar.tar"), temp.Path, "tool-*");
        string deep = Path.Combine(
            temp.Path,
            "directory-number-one-abcdefghij/directory-number-two-abcdefghij/directory-number-three-abcdefghij/file-in-a-deep-folder.txt");
        Assert.Equal("ustar deep\n", await File.ReadAllTextAsync(deep));
    }

    [Fact]
    public async Task NodeStylePrefixWithStarInsideTheSegment()
    {
        using var temp = new TempDir();
        await ArchiveExtractor.ExtractAsync(Fixtures.Archive("node-v20.1.0-linux-x64.tar.gz"), temp.Path, "node-v*-linux-x64");
        string node = Path.Combine(temp.Path, "bin", "node");
        Assert.Equal("#!/bin/sh\necho node\n", await File.ReadAllTextAsync(node));
        Assert.Equal((UnixFileMode)0x1ED, File.GetUnixFileMode(node));
    }

    [Fact]
    public async Task MultiSegmentPrefixKeepsOnlyWhatIsBelowIt()
    {
        using var temp = new TempDir();
        await ArchiveExtractor.ExtractAsync(Fixtures.Archive("tool.tar.bz2"), temp.Path, "tool-*/bin");
        Assert.Equal(["tool", "tool-link"], Directory.GetFileSystemEntries(temp.Path).Select(f => Path.GetFileName(f)!).Order().ToArray());
    }

    [Fact]
    public async Task PrefixMatchingNothingIsAnError()
    {
        using var temp = new TempDir();
        var e = await Assert.ThrowsAsync<ArchiveException>(() => ArchiveExtractor.ExtractAsync(Fixtures.Archive("tool.tar.gz"), temp.Path, "node-v*"));
        Assert.Contains("'node-v*' matched no entry", e.Message);
        Assert.Contains("tool.tar.gz", e.Message);
    }

    [Theory]
    [InlineData("single.txt.gz", "single file\n")]
    [InlineData("single.txt.xz", "single file\n")]
    [InlineData("single.txt.bz2", "single file\n")]
    [InlineData("single.txt.zst", "single file\n")]
    [InlineData("multi.txt.xz", "single file\nsecond part\n")]
    [InlineData("multi.txt.bz2", "single file\nsecond part\n")]
    [InlineData("multi.txt.zst", "single file\nsecond part\n")]
    public async Task SingleCompressedFilesDecompressBesideTheirName(string archive, string expected)
    {
        using var temp = new TempDir();
        await ArchiveExtractor.ExtractAsync(Fixtures.Archive(archive), temp.Path, null);
        string name = Path.GetFileNameWithoutExtension(archive);
        Assert.Equal([name], Directory.GetFiles(temp.Path).Select(f => Path.GetFileName(f)!).ToArray());
        Assert.Equal(expected, await File.ReadAllTextAsync(Path.Combine(temp.Path, name)));
    }

    [Theory]
    [InlineData("tool.tar.xz", "download")]
    [InlineData("tool.tar.gz", "tool.tar.xz")]
    [InlineData("tool.tar.zst", "tool.tar.bz2")]
    [InlineData("tool.tar", "tool.bin")]
    [InlineData("tool.zip", "tool-archive")]
    public async Task MagicBytesWinOverTheFileName(string archive, string savedAs)
    {
        using var temp = new TempDir();
        string copy = temp.Combine(savedAs);
        File.Copy(Fixtures.Archive(archive), copy);
        string target = temp.Combine("out");
        await ArchiveExtractor.ExtractAsync(copy, target, "tool-*");
        Assert.Equal("data\n", await File.ReadAllTextAsync(Path.Combine(target, "lib", "data.txt")));
    }

    [Theory]
    [InlineData("single.txt.gz")]
    [InlineData("single.txt.xz")]
    [InlineData("single.txt.bz2")]
    [InlineData("multi.txt.zst")]
    public async Task CompressedSingleFileWithoutSuffixIsNotMistakenForATar(string archive)
    {
        using var temp = new TempDir();
        string copy = temp.Combine("download");
        File.Copy(Fixtures.Archive(archive), copy);
        string target = temp.Combine("out");
        await ArchiveExtractor.ExtractAsync(copy, target, null);
        Assert.StartsWith("single file\n", await File.ReadAllTextAsync(Path.Combine(target, "download")));
    }

    [Fact]
    public async Task ExtractingTwiceOverwrites()
    {
        using var temp = new TempDir();
        await ArchiveExtractor.ExtractAsync(Fixtures.Archive("tool.tar.gz"), temp.Path, "tool-*");
        await File.WriteAllTextAsync(Path.Combine(temp.Path, "lib", "data.txt"), "changed");
        await ArchiveExtractor.ExtractAsync(Fixtures.Archive("tool.tar.zst"), temp.Path, "tool-*");
        AssertToolTree(temp.Path, hardLinkIsLink: true);
    }

    [Fact]
    public async Task MissingArchiveIsAClearError()
    {
        using var temp = new TempDir();
        var e = await Assert.ThrowsAsync<ArchiveException>(() => ArchiveExtractor.ExtractAsync(temp.Combine("nope.tar.gz"), temp.Path, null));
        Assert.Contains("nope.tar.gz", e.Message);
        Assert.Contains("does not exist", e.Message);
    }

    private static void AssertToolTree(string root, bool hardLinkIsLink)
    {
        string tool = Path.Combine(root, "bin", "tool");
        Assert.Equal("#!/bin/sh\necho tool 1.2.3\n", File.ReadAllText(tool));
        Assert.Equal((UnixFileMode)0x1ED, File.GetUnixFileMode(tool)); // 0755

        string data = Path.Combine(root, "lib", "data.txt");
        Assert.Equal("data\n", File.ReadAllText(data));
        Assert.Equal((UnixFileMode)0x1A4, File.GetUnixFileMode(data)); // 0644

        string readOnly = Path.Combine(root, "lib", "readonly.txt");
        Assert.Equal("read only\n", File.ReadAllText(readOnly));
        Assert.Equal((UnixFileMode)0x124, File.GetUnixFileMode(readOnly)); // 0444

        Assert.Equal(Numbers, File.ReadAllText(Path.Combine(root, "lib", "numbers.txt")));
        Assert.Equal("deep\n", File.ReadAllText(Path.Combine(root, LongDir, "deep-file-with-a-long-name.txt")));
        Assert.True(Directory.Exists(Path.Combine(root, "empty-dir")));
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(root, "empty-dir")));

        var link = new FileInfo(Path.Combine(root, "bin", "tool-link"));
        Assert.Equal("tool", link.LinkTarget);
        Assert.Equal("#!/bin/sh\necho tool 1.2.3\n", File.ReadAllText(link.FullName));

        var longLink = new FileInfo(Path.Combine(root, "share", "long-link"));
        Assert.Equal(LongDir["share/".Length..] + "/deep-file-with-a-long-name.txt", longLink.LinkTarget);
        Assert.Equal("deep\n", File.ReadAllText(longLink.FullName));

        string hard = Path.Combine(root, "lib", "hard.txt");
        Assert.Equal("data\n", File.ReadAllText(hard));
        if (hardLinkIsLink)
        {
            // A real hard link: writing through one name shows through the other.
            File.AppendAllText(hard, "more\n");
            Assert.Equal("data\nmore\n", File.ReadAllText(data));
        }
    }
}
