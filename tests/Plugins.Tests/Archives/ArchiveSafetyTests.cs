using PluginHost.Plugins.Archives;
using PluginHost.Plugins.Tests.TestSupport;

namespace PluginHost.Plugins.Tests.Archives;

public sealed class ArchiveSafetyTests
{
    [Theory]
    [InlineData("tool.tar.xz")]
    [InlineData("tool.tar.zst")]
    [InlineData("tool.zip")]
    [InlineData("single.txt.bz2")]
    public async Task ArchivesBeyondTheByteLimitAreRefused(string archive)
    {
        using var temp = new TempDir();
        var e = await Assert.ThrowsAsync<ArchiveException>(() => ArchiveExtractor.ExtractAsync(Fixtures.Archive(archive), temp.Combine("out"), null, new ArchiveLimits(5, 1000)));
        Assert.Contains($"'{Fixtures.Archive(archive)}' unpacks to more than 5 bytes", e.Message);
        Assert.Contains("decompression bomb", e.Message);
    }

    [Fact]
    public async Task AGzipBombStopsAtTheLimitWithoutFillingTheDisk()
    {
        using var temp = new TempDir();
        string bomb = temp.Combine("bomb.txt.gz");
        await using (var file = File.Create(bomb))
        await using (var gzip = new System.IO.Compression.GZipStream(file, System.IO.Compression.CompressionLevel.SmallestSize))
        {
            var zeros = new byte[1 << 20];
            for (int i = 0; i < 256; i++) await gzip.WriteAsync(zeros);
        }

        Assert.True(new FileInfo(bomb).Length < 1 << 20);
        string target = temp.Combine("out");
        var e = await Assert.ThrowsAsync<ArchiveException>(() => ArchiveExtractor.ExtractAsync(bomb, target, null, new ArchiveLimits(8 << 20, 1000)));
        Assert.Contains("unpacks to more than 8388608 bytes", e.Message);
        Assert.True(Directory.EnumerateFiles(target, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length) <= 8 << 20);
    }

    [Fact]
    public async Task ArchivesBeyondTheEntryLimitAreRefused()
    {
        using var temp = new TempDir();
        var e = await Assert.ThrowsAsync<ArchiveException>(() => ArchiveExtractor.ExtractAsync(Fixtures.Archive("tool.tar.gz"), temp.Combine("out"), null, new ArchiveLimits(1 << 30, 3)));
        Assert.Contains("has more than 3 entries", e.Message);
    }

    [Fact]
    public async Task TheDefaultLimitsLetARealToolArchiveThrough()
    {
        using var temp = new TempDir();
        await ArchiveExtractor.ExtractAsync(Fixtures.Archive("tool.tar.xz"), temp.Combine("out"), null, ArchiveLimits.Default);
        Assert.True(File.Exists(temp.Combine("out", "tool-1.2.3", "lib", "numbers.txt")));
    }

    [Theory]
    [InlineData("hostile-dotdot.tar", "../evil.txt", "'..'")]
    [InlineData("hostile-nested-dotdot.tar", "dir/../../evil.txt", "'..'")]
    [InlineData("hostile-absolute.tar", "/tmp/pluginhost-hostile-absolute.txt", "absolute path")]
    [InlineData("hostile-symlink-relative.tar", "dir/link", "points outside")]
    [InlineData("hostile-symlink-absolute.tar", "etc", "absolute path '/etc'")]
    [InlineData("hostile-symlink-then-write.tar", "escape", "points outside")]
    [InlineData("hostile-hardlink.tar", "../../../etc/passwd", "'..'")]
    [InlineData("hostile-dotdot.zip", "../evil.txt", "'..'")]
    [InlineData("hostile-absolute.zip", "/tmp/pluginhost-hostile-absolute.txt", "absolute path")]
    public async Task EscapingEntriesAreRefusedByName(string archive, string entry, string reason)
    {
        using var temp = new TempDir();
        string target = temp.Combine("a", "b", "target");
        var e = await Assert.ThrowsAsync<UnsafeArchiveEntryException>(() => ArchiveExtractor.ExtractAsync(Fixtures.Archive(archive), target, null));
        Assert.Equal(entry, e.EntryName);
        Assert.Contains($"'{entry}'", e.Message);
        Assert.Contains(reason, e.Message);
        Assert.Contains(archive, e.Message);
        AssertNothingOutside(temp.Path, target);
    }

    [Fact]
    public async Task PaxPathHeaderWithDotDotIsRefused()
    {
        using var temp = new TempDir();
        string target = temp.Combine("a", "b", "c", "target");
        var e = await Assert.ThrowsAsync<UnsafeArchiveEntryException>(() => ArchiveExtractor.ExtractAsync(Fixtures.Archive("hostile-pax-dotdot.tar"), target, null));
        Assert.EndsWith("/../../../evil.txt", e.EntryName);
        AssertNothingOutside(temp.Path, target);
    }

    [Fact]
    public async Task WritingThroughAnExistingSymlinkThatLeavesTheTargetIsRefused()
    {
        using var temp = new TempDir();
        string outside = temp.Combine("outside");
        string target = temp.Combine("target");
        Directory.CreateDirectory(outside);
        Directory.CreateDirectory(target);
        File.CreateSymbolicLink(Path.Combine(target, "escape"), outside);

        var e = await Assert.ThrowsAsync<UnsafeArchiveEntryException>(() => ArchiveExtractor.ExtractAsync(Fixtures.Archive("hostile-write-through.tar"), target, null));
        Assert.Equal("escape/evil.txt", e.EntryName);
        Assert.Contains("written through the symlink 'escape'", e.Message);
        Assert.Empty(Directory.GetFileSystemEntries(outside));
    }

    [Fact]
    public async Task WritingThroughASymlinkThatStaysInsideIsAllowed()
    {
        using var temp = new TempDir();
        string target = temp.Combine("target");
        Directory.CreateDirectory(Path.Combine(target, "inside"));
        File.CreateSymbolicLink(Path.Combine(target, "escape"), "inside");

        await ArchiveExtractor.ExtractAsync(Fixtures.Archive("hostile-write-through.tar"), target, null);
        Assert.Equal("evil\n", await File.ReadAllTextAsync(Path.Combine(target, "inside", "evil.txt")));
    }

    [Fact]
    public async Task PrefixStrippingCannotBeUsedToClimbOut()
    {
        // With the prefix "dir", the entry "dir/../../evil.txt" still contains '..' and is refused.
        using var temp = new TempDir();
        string target = temp.Combine("x", "target");
        await Assert.ThrowsAsync<UnsafeArchiveEntryException>(() => ArchiveExtractor.ExtractAsync(Fixtures.Archive("hostile-nested-dotdot.tar"), target, "dir"));
        AssertNothingOutside(temp.Path, target);
    }

    private static void AssertNothingOutside(string tempRoot, string target)
    {
        Assert.False(File.Exists("/tmp/pluginhost-hostile-absolute.txt"));
        string[] outside = Directory.GetFiles(tempRoot, "*", SearchOption.AllDirectories)
            .Where(f => !f.StartsWith(target + "/", StringComparison.Ordinal))
            .ToArray();
        Assert.Empty(outside);
    }
}
