using PluginHost.Wasm.Wasi;
using PluginHost.Plugins.Icp;
using PluginHost.Wasm.Wasi2;

namespace PluginHost.Plugins.Tests.Icp;

/// <summary>Compiling a plugin is not charged to its compute limit; compiled plugins are cached by sha256.</summary>
public sealed class CompileOutsideLimitTests
{
    [Fact]
    public void A_two_second_limit_is_not_spent_compiling_the_12_MB_componentize_js_plugin()
    {
        // A cache of its own: decoded, validated, IL-generated and JIT-compiled from scratch here.
        var cache = new SyncPluginCache();
        var path = IcpFixtures.PathOf("js", "0.2.0");
        var plugin = cache.Get(File.ReadAllBytes(path), path);
        var calls = new RecordedCalls(("bkyz2-fmaaa-aaaaa-qaaaq-cai", "greet", CanisterReply.Ok("hello"u8.ToArray())));
        var stderr = new List<string>();
        var lines = new OutputLines("stderr", l => stderr.Add(l));
        var inv = IcpFixtures.Invocation("call-host", Directory.GetCurrentDirectory()) with { ComputeLimit = TimeSpan.FromSeconds(2) };  // compiling takes 3.6 s or more

        var instance = new SyncPluginInstance(plugin, inv, calls.Gateway, OutputSink.Callback("stdout", _ => { }), OutputSink.Callback("stderr", b => lines.Write(b.Span)));
        var error = instance.Exec();
        lines.Complete();

        Assert.Null(error);
        Assert.Contains("reply: hello", stderr);
        // The first exec of freshly compiled guest code ran through the .NET JIT, and that time was credited back.
        Assert.True(instance.JitTime > TimeSpan.Zero, "no JIT time was measured during the first exec");
    }

    [Fact]
    public async Task The_limit_still_stops_a_plugin_that_computes_too_long_after_a_fresh_compile()
    {
        var cache = new SyncPluginCache();
        var path = IcpFixtures.PathOf("c", "0.2.0");
        var plugin = cache.Get(File.ReadAllBytes(path), path);
        var outcome = await new SyncPluginHost(new RecordedCalls().Gateway)
            .RunAsync(plugin, IcpFixtures.Invocation("loop", Directory.GetCurrentDirectory()) with { ComputeLimit = TimeSpan.FromSeconds(1) });
        Assert.Equal($"plugin exceeded the compute limit of 1 s ({ComputeLimit.Variable})", outcome.Error);
    }

    [Fact]
    public void The_same_bytes_compile_once_whatever_their_name()
    {
        var cache = new SyncPluginCache();
        var bytes = File.ReadAllBytes(IcpFixtures.PathOf("c", "0.1.0"));
        var a = cache.Get(bytes, "a.wasm");
        var b = cache.Get(bytes, "b.wasm");
        Assert.Equal(1, cache.Compilations);
        Assert.Same(a.Component, b.Component);
        Assert.Equal(("a.wasm", "b.wasm"), (a.Name, b.Name));
        Assert.Throws<SyncPluginException>(() => cache.Get([0, 97, 115, 109, 1, 0, 0, 0], "core.wasm"));
        Assert.Equal(2, cache.Compilations);
    }
}
