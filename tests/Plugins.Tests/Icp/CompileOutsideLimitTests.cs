using PluginHost.Plugins.Icp;
using PluginHost.Plugins.Tests.TestSupport;

namespace PluginHost.Plugins.Tests.Icp;

/// <summary>Compiling a plugin is not charged to its compute limit; compiled plugins are cached by sha256, in memory
/// and on disk as serialized Wasmtime artifacts.</summary>
public sealed class CompileOutsideLimitTests
{
    [Fact]
    public async Task A_two_second_limit_is_not_spent_compiling_the_12_MB_componentize_js_plugin()
    {
        // A cache of its own, memory only: compiled from scratch here (8-10 s), before the limit starts.
        using var cache = new SyncPluginCache();
        var path = IcpFixtures.PathOf("js", "0.2.0");
        var plugin = cache.Get(File.ReadAllBytes(path), path);
        Assert.Equal(1, cache.Compilations);
        var calls = new RecordedCalls(("bkyz2-fmaaa-aaaaa-qaaaq-cai", "greet", CanisterReply.Ok("hello"u8.ToArray())));
        var inv = IcpFixtures.Invocation("call-host", Directory.GetCurrentDirectory()) with { ComputeLimit = TimeSpan.FromSeconds(2) };
        var outcome = await new SyncPluginHost(calls.Gateway).RunAsync(plugin, inv);
        Assert.True(outcome.Succeeded, outcome.Error);
        Assert.Contains("reply: hello", outcome.StderrLines);
    }

    [Fact]
    public async Task The_limit_still_stops_a_plugin_that_computes_too_long_after_a_fresh_compile()
    {
        using var cache = new SyncPluginCache();
        var path = IcpFixtures.PathOf("c", "0.2.0");
        var plugin = cache.Get(File.ReadAllBytes(path), path);
        var outcome = await new SyncPluginHost(new RecordedCalls().Gateway)
            .RunAsync(plugin, IcpFixtures.Invocation("loop", Directory.GetCurrentDirectory()) with { ComputeLimit = TimeSpan.FromSeconds(1) });
        Assert.Equal($"plugin exceeded the compute limit of 1 s ({ComputeLimit.Variable})", outcome.Error);
    }

    [Fact]
    public void The_same_bytes_compile_once_whatever_their_name()
    {
        using var cache = new SyncPluginCache();
        var bytes = File.ReadAllBytes(IcpFixtures.PathOf("c", "0.1.0"));
        var a = cache.Get(bytes, "a.wasm");
        var b = cache.Get(bytes, "b.wasm");
        Assert.Equal(1, cache.Compilations);
        Assert.Same(a.Component, b.Component);
        Assert.Equal(("a.wasm", "b.wasm"), (a.Name, b.Name));
        Assert.Throws<SyncPluginException>(() => cache.Get([0, 97, 115, 109, 1, 0, 0, 0], "core.wasm"));
        Assert.Equal(1, cache.Compilations);
    }

    [Fact]
    public async Task A_new_process_cache_loads_the_compiled_artifact_from_disk_and_runs_it()
    {
        using var dir = new TempDir();
        var path = IcpFixtures.PathOf("c", "0.2.0");
        var bytes = File.ReadAllBytes(path);
        using (var first = new SyncPluginCache(directory: dir.Path)) first.Get(bytes, path);
        Assert.Single(Directory.GetFiles(dir.Path, "*.cwasm"));
        using var second = new SyncPluginCache(directory: dir.Path);
        var plugin = second.Get(bytes, path);
        Assert.Equal((0, 1), (second.Compilations, second.DiskHits));
        var outcome = await new SyncPluginHost(new RecordedCalls().Gateway).RunAsync(plugin, IcpFixtures.Invocation("success", dir.Path));
        Assert.True(outcome.Succeeded, outcome.Error);
    }

    [Fact]
    public void Concurrent_requests_for_one_plugin_compile_it_once()
    {
        using var cache = new SyncPluginCache();
        var bytes = File.ReadAllBytes(IcpFixtures.PathOf("c", "0.1.0"));
        var plugins = Enumerable.Range(0, 8).AsParallel().WithDegreeOfParallelism(8).Select(i => cache.Get(bytes, $"p{i}.wasm")).ToArray();
        Assert.Equal(1, cache.Compilations);
        Assert.All(plugins, p => Assert.Same(plugins[0].Component, p.Component));
    }
}
