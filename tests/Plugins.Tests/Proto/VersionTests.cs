using PluginHost.Plugins.Proto.Api;
using PluginHost.Plugins.Proto.Versions;

namespace PluginHost.Plugins.Tests.Proto;

public sealed class VersionTests
{
    [Theory]
    [InlineData("1.2.3", "1.2.4")]
    [InlineData("1.2.3", "1.10.0")]
    [InlineData("1.0.0-alpha", "1.0.0")]
    [InlineData("1.0.0-alpha", "1.0.0-alpha.1")]
    [InlineData("1.0.0-alpha.1", "1.0.0-alpha.beta")]
    [InlineData("1.0.0-beta.2", "1.0.0-beta.11")]
    [InlineData("1.0.0-rc.1", "1.0.0")]
    [InlineData("v0.9.9", "1.0.0")]
    public void VersionsOrderBySemverPrecedence(string lower, string higher)
    {
        Assert.True(SemVersion.Parse(lower) < SemVersion.Parse(higher));
        Assert.True(SemVersion.Parse(higher) > SemVersion.Parse(lower));
    }

    [Theory]
    [InlineData("1.2")]
    [InlineData("01.2.3")]
    [InlineData("1.2.3-")]
    [InlineData("1.2.3-a..b")]
    [InlineData("a.b.c")]
    [InlineData("")]
    public void InvalidVersionsAreRejected(string text) => Assert.False(SemVersion.TryParse(text, out _));

    [Theory]
    [InlineData("1", "1.0.0,1.9.9", "2.0.0,0.9.0,1.5.0-beta")]
    [InlineData("1.2", "1.2.0,1.2.99", "1.3.0,1.1.9")]
    [InlineData("1.x", "1.0.0,1.7.0", "2.0.0")]
    [InlineData("=1.2.3", "1.2.3", "1.2.4")]
    [InlineData("^1.2", "1.2.0,1.9.0", "2.0.0,1.1.9,2.0.0-rc.1")]
    [InlineData("^0.2.3", "0.2.3,0.2.9", "0.3.0")]
    [InlineData("^0.0.3", "0.0.3", "0.0.4")]
    [InlineData("~1.2.3", "1.2.3,1.2.9", "1.3.0,1.2.2")]
    [InlineData("~1", "1.0.0,1.9.0", "2.0.0")]
    [InlineData(">=1, <2", "1.0.0,1.99.0", "2.0.0,0.9.9")]
    [InlineData(">= 1.2 < 1.4", "1.2.0,1.3.9", "1.4.0,1.1.0")]
    [InlineData(">1.2", "1.3.0", "1.2.9")]
    [InlineData("<=1.2", "1.2.9,1.0.0", "1.3.0")]
    [InlineData("1 || 3", "1.5.0,3.0.0", "2.0.0")]
    [InlineData("*", "0.0.1,9.9.9", "1.0.0-beta")]
    [InlineData("^1.0.0-beta", "1.0.0-beta,1.0.0-rc.1,1.0.0,1.9.0", "1.1.0-beta,0.9.0")]
    public void RangesMatch(string range, string matching, string notMatching)
    {
        var r = VersionRange.Parse(range);
        foreach (var v in matching.Split(',')) Assert.True(r.IsSatisfiedBy(SemVersion.Parse(v)), $"{range} should match {v}");
        foreach (var v in notMatching.Split(',')) Assert.False(r.IsSatisfiedBy(SemVersion.Parse(v)), $"{range} should not match {v}");
    }

    [Theory]
    [InlineData("1.2.3.4", "version requirement '1.2.3.4': Fourth version number in '1.2.3.4'")]
    [InlineData(">=x1", "version requirement '>=x1': Major version is a wildcard and should contain only 1 character in 'x1'")]
    [InlineData("1.2-beta", "is combined with a prerelease version in '1.2-beta'")]
    [InlineData("1 ||", "empty alternative in version requirement '1 ||'")]
    [InlineData("|| 2", "empty alternative")]
    [InlineData(">=1 <", "version requirement '>=1 <'")]
    public void BadRangesSayWhy(string range, string expected) =>
        Assert.Contains(expected, Assert.Throws<FormatException>(() => VersionRange.Parse(range)).Message);

    private static readonly VersionResolver Resolver = new(new LoadVersionsOutput
    {
        Versions = ["1.0.0", "v1.2.0", "1.2.5", "2.0.0", "2.1.0-rc.1", "nightly-2024"],
        Latest = "2.0.0",
        Canary = "2.1.0-rc.1",
        Aliases = new Dictionary<string, string> { ["lts"] = "1.2", ["loop"] = "loop2", ["loop2"] = "loop", ["night"] = "nightly-2024" },
    });

    [Theory]
    [InlineData("latest", "2.0.0")]
    [InlineData("canary", "2.1.0-rc.1")]
    [InlineData("lts", "1.2.5")]
    [InlineData("1.2.0", "1.2.0")]
    [InlineData("~1.2", "1.2.5")]
    [InlineData("night", "nightly-2024")]
    [InlineData("<2", "1.2.5")]
    public void ResolverFollowsAliasesAndRanges(string spec, string expected) => Assert.Equal(expected, Resolver.Resolve(spec));

    [Fact]
    public void AliasCyclesAreReported() =>
        Assert.Contains("cycle", Assert.Throws<VersionResolutionException>(() => Resolver.Resolve("loop")).Message);

    [Fact]
    public void LatestDefaultsToTheHighestStableVersion() =>
        Assert.Equal("1.5.0", new VersionResolver(new LoadVersionsOutput { Versions = ["1.0.0", "1.5.0", "2.0.0-beta.1"] }).Resolve("latest"));
}
