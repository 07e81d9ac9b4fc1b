using PluginHost.Plugins.Proto.Install;
using PluginHost.Plugins.Tests.TestSupport;
using PluginHost.Tests.Common;

namespace PluginHost.Plugins.Tests.Proto;

/// <summary>Interrupted downloads keep their partial file and resume with "Range: bytes=N-" and If-Range against a real
/// loopback server that drops connections midway.</summary>
public sealed class DownloadResumeTests : IDisposable
{
    private const string Archive = "/big.bin";
    private readonly TempDir _temp = new();
    private readonly HttpClient _http = new();
    private readonly LoopbackHttpServer _server;
    private readonly byte[] _body = new byte[300_000];

    public DownloadResumeTests()
    {
        new Random(7).NextBytes(_body);
        Directory.CreateDirectory(_temp.Combine("site"));
        _server = new LoopbackHttpServer(_temp.Combine("site"));
        _server.Overrides[Archive] = _body;
    }

    public void Dispose()
    {
        _server.Dispose();
        _http.Dispose();
        _temp.Dispose();
    }

    private Uri Url => new(_server.BaseUrl + Archive);

    private Task DownloadAsync(DownloadCache cache, string path, int retries, List<(long Done, long? Total)>? progress = null) =>
        cache.DownloadAsync(Url, path, null, retries, TimeSpan.FromMilliseconds(10), TimeSpan.FromSeconds(30), (d, t) => progress?.Add((d, t)), default);

    [Fact]
    public async Task ADroppedConnectionIsResumedFromTheBytesReceived()
    {
        var cache = new DownloadCache(_temp.Combine("cache"), _http);
        var path = cache.PathFor(Url, "big.bin");
        _server.Drops[Archive] = (1, 100_000);
        var progress = new List<(long Done, long? Total)>();

        await DownloadAsync(cache, path, retries: 2, progress);

        Assert.Equal(_body, File.ReadAllBytes(path));
        var log = _server.Log.Where(l => l.Path == Archive).ToList();
        Assert.Equal(2, log.Count);
        Assert.Equal((null, null, 200), (log[0].Range, log[0].IfRange, log[0].Status));
        Assert.Equal(("bytes=100000-", LoopbackHttpServer.ETagOf(_body), 206), (log[1].Range, log[1].IfRange, log[1].Status));
        Assert.Equal(_body.Length, _server.BytesServed(Archive)); // 100000 + the remaining 200000: nothing twice
        Assert.Equal((_body.Length, _body.Length), progress[^1]);
        Assert.Contains(progress, p => p == (100_000, _body.Length)); // the resumed attempt starts at the kept bytes
        Assert.False(File.Exists(path + ".part"));
    }

    [Fact]
    public async Task APartialFileSurvivesAFailedDownloadAndTheNextOneFetchesOnlyTheRest()
    {
        var cache = new DownloadCache(_temp.Combine("cache"), _http);
        var path = cache.PathFor(Url, "big.bin");
        _server.Drops[Archive] = (1, 64 * 1024);

        await Assert.ThrowsAnyAsync<IOException>(() => DownloadAsync(cache, path, retries: 0));
        Assert.Equal(64 * 1024, new FileInfo(path + ".part").Length);
        Assert.False(File.Exists(path));

        await DownloadAsync(cache, path, retries: 0);

        Assert.Equal(_body, File.ReadAllBytes(path));
        Assert.Equal("bytes=65536-", _server.Log[^1].Range);
        Assert.Equal(_body.Length, _server.BytesServed(Archive));
    }

    [Fact]
    public async Task LastModifiedIsTheValidatorWhenThereIsNoETag()
    {
        _server.SendETag = false;
        var cache = new DownloadCache(_temp.Combine("cache"), _http);
        var path = cache.PathFor(Url, "big.bin");
        _server.Drops[Archive] = (1, 1000);

        await DownloadAsync(cache, path, retries: 1);

        Assert.Equal(_body, File.ReadAllBytes(path));
        Assert.Equal(("bytes=1000-", "Mon, 01 Jan 2024 00:00:00 GMT", 206), (_server.Log[^1].Range, _server.Log[^1].IfRange, _server.Log[^1].Status));
    }

    [Fact]
    public async Task AServerWithoutRangeSupportRestartsFromZero()
    {
        _server.SupportsRange = false;
        var cache = new DownloadCache(_temp.Combine("cache"), _http);
        var path = cache.PathFor(Url, "big.bin");
        _server.Drops[Archive] = (1, 100_000);

        await DownloadAsync(cache, path, retries: 2);

        Assert.Equal(_body, File.ReadAllBytes(path));
        Assert.Equal(("bytes=100000-", 200), (_server.Log[^1].Range, _server.Log[^1].Status));
        Assert.Equal(100_000 + _body.Length, _server.BytesServed(Archive));
    }

    [Fact]
    public async Task AFileChangedOnTheServerIsFetchedWholeThroughIfRange()
    {
        var cache = new DownloadCache(_temp.Combine("cache"), _http);
        var path = cache.PathFor(Url, "big.bin");
        _server.Drops[Archive] = (1, 50_000);
        await Assert.ThrowsAnyAsync<IOException>(() => DownloadAsync(cache, path, retries: 0));

        var changed = (byte[])_body.Clone();
        changed[10] ^= 0xFF;
        _server.Overrides[Archive] = changed;
        await DownloadAsync(cache, path, retries: 0);

        Assert.Equal(changed, File.ReadAllBytes(path));
        Assert.Equal(("bytes=50000-", LoopbackHttpServer.ETagOf(_body), 200), (_server.Log[^1].Range, _server.Log[^1].IfRange, _server.Log[^1].Status));
    }

    [Fact]
    public async Task ARangeTheServerCannotSatisfyRestartsFromZero()
    {
        _server.SendETag = false; // Last-Modified of overridden bodies never changes, so If-Range still matches
        var cache = new DownloadCache(_temp.Combine("cache"), _http);
        var path = cache.PathFor(Url, "big.bin");
        _server.Drops[Archive] = (1, 100_000);
        await Assert.ThrowsAnyAsync<IOException>(() => DownloadAsync(cache, path, retries: 0));

        var shorter = _body[..50_000];
        _server.Overrides[Archive] = shorter;
        await DownloadAsync(cache, path, retries: 1);

        Assert.Equal(shorter, File.ReadAllBytes(path));
        Assert.Equal([("bytes=100000-", 416), (null, 200)], _server.Log.Skip(1).Select(l => (l.Range, l.Status)));
    }

    [Fact]
    public async Task AnInstallResumesADroppedArchiveAndVerifiesTheWholeFile()
    {
        using var bed = new ProtoTestBed();
        var path = "/dist/demo-1.2.5.zip";
        var size = new FileInfo(Path.Combine(bed.Server.Root, "dist", "demo-1.2.5.zip")).Length;
        bed.Server.Drops[path] = (1, 300);

        var result = await bed.InstallAsync(bed.Request("1.2.5", new { format = "zip" }));

        Assert.Equal("1.2.5", result.Version);
        Assert.Equal([(null, 200), ("bytes=300-", 206)], bed.Server.Log.Where(l => l.Path == path).Select(l => (l.Range, l.Status)));
        Assert.Equal(size, bed.Server.BytesServed(path));
        Assert.True(File.Exists(Path.Combine(result.InstallDir, "README.txt")));
    }

    [Fact]
    public async Task AResumedFileWhoseBytesDoNotMatchTheChecksumFailsAndIsDiscarded()
    {
        using var bed = new ProtoTestBed();
        var path = "/dist/demo-1.2.5.zip";
        bed.Server.Drops[path] = (1, 300);
        var request = bed.Request("1.2.5", new { format = "zip" });
        request = request with { Options = request.Options with { Settings = ProtoTestBed.FastSettings with { Http = ProtoTestBed.FastSettings.Http with { Retries = 0 } } } };
        await Assert.ThrowsAsync<ToolInstallException>(() => bed.InstallAsync(request));
        var part = Directory.EnumerateFiles(bed.Directories.DownloadsDir, "demo-1.2.5.zip.part", SearchOption.AllDirectories).Single();
        var bytes = File.ReadAllBytes(part);
        bytes[5] ^= 0xFF; // the kept bytes went bad on disk; the server's validator still matches
        File.WriteAllBytes(part, bytes);

        var error = await Assert.ThrowsAsync<ToolInstallException>(() => bed.InstallAsync(request));
        Assert.StartsWith("demo: download_prebuilt: verification of demo-1.2.5.zip failed:", error.Message);
        Assert.Equal("bytes=300-", bed.Server.Log.Last(l => l.Path == path).Range);
        Assert.Empty(Directory.EnumerateFiles(bed.Directories.DownloadsDir, "demo-1.2.5.zip*", SearchOption.AllDirectories));

        var result = await bed.InstallAsync(request);
        Assert.Equal("1.2.5", result.Version);
        Assert.Null(bed.Server.Log.Last(l => l.Path == path).Range);
    }
}
