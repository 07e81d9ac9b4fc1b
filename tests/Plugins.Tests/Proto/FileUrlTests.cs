using PluginHost.Plugins.Proto.Host;
using PluginHost.Plugins.Proto.Install;

namespace PluginHost.Plugins.Tests.Proto;

/// <summary>file:// URLs: only under the run's file root (the .prototools folder), relative ones resolved against it,
/// and downloaded by copying with byte progress.</summary>
public sealed class FileUrlTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("file-url-tests-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void RelativeAndAbsoluteFileUrlsInsideTheRootAreAllowed()
    {
        var policy = new ProtoUrlPolicy(new ProtoHostOptions { FileRoot = _root });

        Assert.Equal(Path.Combine(_root, "dist", "a.tar.gz"), policy.Check("file://./dist/a.tar.gz").LocalPath);
        Assert.Equal(Path.Combine(_root, "b.txt"), policy.Check($"file://{_root}/b.txt").LocalPath);
    }

    [Theory]
    [InlineData("file://../outside.txt")]
    [InlineData("file:///etc/passwd")]
    [InlineData("file://./dist/../../x")]
    public void FileUrlsLeavingTheRootAreRefused(string url)
    {
        var policy = new ProtoUrlPolicy(new ProtoHostOptions { FileRoot = _root });

        var error = Assert.Throws<InvalidOperationException>(() => policy.Check(url));
        Assert.Contains("points outside", error.Message);
    }

    [Fact]
    public void WithoutAFileRootFileUrlsAreRefused()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new ProtoUrlPolicy(new ProtoHostOptions()).Check("file://./a"));
        Assert.Contains("file:// is only allowed for tools of a local .prototools", error.Message);
    }

    [Fact]
    public async Task DownloadCacheCopiesAFileUrlWithProgressAndFailsOnAMissingFile()
    {
        var source = Path.Combine(_root, "src.bin");
        var bytes = new byte[200_000];
        new Random(7).NextBytes(bytes);
        await File.WriteAllBytesAsync(source, bytes);
        var cache = new DownloadCache(Path.Combine(_root, "cache"), new HttpClient());
        var url = new Uri(source);
        var target = cache.PathFor(url, "src.bin");
        var reports = new List<(long, long?)>();

        await cache.DownloadAsync(url, target, null, 0, TimeSpan.Zero, TimeSpan.FromSeconds(30), (d, t) => reports.Add((d, t)), CancellationToken.None);

        Assert.Equal(bytes, await File.ReadAllBytesAsync(target));
        Assert.Equal((200_000L, (long?)200_000L), reports[^1]);
        var missing = new Uri(Path.Combine(_root, "missing.bin"));
        var error = await Assert.ThrowsAsync<HttpRequestException>(() =>
            cache.DownloadAsync(missing, cache.PathFor(missing, "m"), null, 2, TimeSpan.Zero, TimeSpan.FromSeconds(30), null, CancellationToken.None));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, error.StatusCode);
    }
}
