using PluginHost.Plugins.Hosting;
using PluginHost.Plugins.Icp;
using PluginHost.Plugins.Tests.TestSupport;

namespace PluginHost.Plugins.Tests.Icp;

/// <summary><see cref="SyncPluginCache.GetFile"/>: a warm cache loads an unchanged plugin file's artifact without reading
/// the file; a changed file is compiled again.</summary>
public sealed class SyncPluginCacheFileTests
{
    private static readonly WasmEngine Engine = new(new WasmEngineSettings(Runners: 2));
    private static readonly DateTime LongAgo = new(2020, 1, 2, 3, 4, 5, DateTimeKind.Utc);

    private static string Place(TempDir dir, string version, DateTime mtime)
    {
        var file = dir.Combine("plugin.wasm");
        File.Copy(IcpFixtures.PathOf("c", version), file, overwrite: true);
        File.SetLastWriteTimeUtc(file, mtime);
        return file;
    }

    [Fact]
    public void A_new_process_loads_an_unchanged_file_from_the_artifact_and_a_changed_one_is_compiled()
    {
        using var dir = new TempDir();
        var file = Place(dir, "0.2.0", LongAgo);
        var compiled = dir.Combine("compiled");
        using (var first = new SyncPluginCache(Engine, compiled))
        {
            Assert.Equal(SyncWorldVersion.V0_2, first.GetFile(file, "p").Version);
            Assert.Equal((1, 0), (first.Compilations, first.DiskHits));
        }
        using (var second = new SyncPluginCache(Engine, compiled))
        {
            var plugin = second.GetFile(file, "p");
            Assert.Equal((SyncWorldVersion.V0_2, "p"), (plugin.Version, plugin.Name));
            Assert.Equal((0, 1), (second.Compilations, second.DiskHits));
            Assert.Same(plugin.Component, second.GetFile(file, "q").Component);
        }
        Place(dir, "0.1.0", LongAgo.AddMinutes(1));
        using var third = new SyncPluginCache(Engine, compiled);
        Assert.Equal(SyncWorldVersion.V0_1, third.GetFile(file, "p").Version);
        Assert.Equal((1, 0), (third.Compilations, third.DiskHits));
    }

    [Fact]
    public void A_sha256_mismatch_is_one_line_warm_or_cold()
    {
        using var dir = new TempDir();
        var file = Place(dir, "0.2.0", LongAgo);
        using var cache = new SyncPluginCache(Engine, dir.Combine("compiled"));
        var wrong = new string('0', 64);
        Assert.Equal($"{file}: sha256 mismatch (expected {wrong})", Assert.Throws<SyncPluginException>(() => cache.GetFile(file, "p", wrong)).Message);
        cache.GetFile(file, "p");
        Assert.Equal($"{file}: sha256 mismatch (expected {wrong})", Assert.Throws<SyncPluginException>(() => cache.GetFile(file, "p", wrong)).Message);
        var right = CompiledPluginCache.Hash(File.ReadAllBytes(file));
        Assert.Equal(SyncWorldVersion.V0_2, cache.GetFile(file, "p", right).Version);
    }
}
