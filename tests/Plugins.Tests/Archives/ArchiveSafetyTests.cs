using PluginHost.Plugins.Archives;
using PluginHost.Plugins.Tests.TestSupport;

namespace PluginHost.Plugins.Tests.Archives;

public sealed class ArchiveSafetyTests
{
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
