using PluginHost.Wasm.Components;

namespace PluginHost.Wasm.Tests.Components;

public class SemverTests
{
    [Theory]
    [InlineData("wasi:io/streams@0.2.0", "wasi:io/streams@0.2.12", true)]
    [InlineData("wasi:io/streams@0.2.12", "wasi:io/streams@0.2.0", true)]
    [InlineData("wasi:io/streams@0.2.0", "wasi:io/streams@0.3.0", false)]
    [InlineData("wasi:io/streams@0.2.0", "wasi:io/poll@0.2.0", false)]
    [InlineData("a:b/c@1.0.0", "a:b/c@1.4.2", true)]
    [InlineData("a:b/c@1.0.0", "a:b/c@2.0.0", false)]
    [InlineData("a:b/c@0.0.1", "a:b/c@0.0.2", false)]
    [InlineData("a:b/c@0.0.1", "a:b/c@0.0.1", true)]
    [InlineData("a:b/c@0.2.0-rc1", "a:b/c@0.2.0", false)]
    [InlineData("a:b/c", "a:b/c", true)]
    [InlineData("a:b/c", "a:b/c@0.1.0", false)]
    public void Compatibility(string defined, string wanted, bool expected)
    {
        Assert.Equal(expected, PackageVersion.Satisfies(defined, wanted));
    }

    [Fact]
    public void Exact_match_wins_else_the_highest_compatible_version()
    {
        string[] defined = ["x:y/z@0.2.0", "x:y/z@0.2.5", "x:y/z@0.3.0"];
        Assert.Equal("x:y/z@0.2.0", PackageVersion.FindBest(defined, "x:y/z@0.2.0"));
        Assert.Equal("x:y/z@0.2.5", PackageVersion.FindBest(defined, "x:y/z@0.2.9"));
        Assert.Null(PackageVersion.FindBest(defined, "x:y/z@0.4.0"));
    }
}
