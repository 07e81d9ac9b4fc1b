using PluginHost.Plugins.Archives;

namespace PluginHost.Plugins.Tests.Archives;

public sealed class ArchivePrefixTests
{
    [Theory]
    [InlineData("tool-*", "tool-1.2.3/bin/tool", "bin/tool")]
    [InlineData("*", "anything/bin/tool", "bin/tool")]
    [InlineData("node-v*-linux-x64", "node-v20.1.0-linux-x64/bin/node", "bin/node")]
    [InlineData("dist/*/bin", "dist/x/bin/tool", "tool")]
    [InlineData("a.b", "a.b/c", "c")]
    public void MatchingEntriesAreStripped(string prefix, string entry, string expected)
    {
        ArchivePrefix parsed = ArchivePrefix.Parse(prefix)!;
        Assert.True(parsed.TryStrip(entry.Split('/'), out string[] rest));
        Assert.Equal(expected, string.Join('/', rest));
    }

    [Theory]
    [InlineData("tool-*", "other-1.2.3/bin/tool")]
    [InlineData("node-v*-linux-x64", "node-v20.1.0-darwin-x64/bin/node")]
    [InlineData("*", "")]
    [InlineData("a.b", "axb/c")]
    [InlineData("dist/*/bin", "dist/x/lib/tool")]
    public void OtherEntriesDoNotMatch(string prefix, string entry)
    {
        ArchivePrefix parsed = ArchivePrefix.Parse(prefix)!;
        Assert.False(parsed.TryStrip(entry.Split('/', StringSplitOptions.RemoveEmptyEntries), out _));
    }

    [Fact]
    public void StarDoesNotCrossSegments()
    {
        ArchivePrefix parsed = ArchivePrefix.Parse("tool-*")!;
        Assert.True(parsed.TryStrip(["tool-1", "2", "x"], out string[] rest));
        Assert.Equal(["2", "x"], rest);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("./")]
    public void EmptyPrefixMeansNone(string? prefix)
    {
        Assert.Null(ArchivePrefix.Parse(prefix));
    }
}
