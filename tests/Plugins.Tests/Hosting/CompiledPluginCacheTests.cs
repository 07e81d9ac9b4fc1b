using PluginHost.Plugins.Hosting;
using PluginHost.Plugins.Tests.TestSupport;
using Wasmtime;

namespace PluginHost.Plugins.Tests.Hosting;

public sealed class CompiledPluginCacheTests
{
    private static readonly WasmEngine Engine = new(new WasmEngineSettings(Runners: 2));
    private static readonly byte[] Wasm = HostingWat.Bytes(HostingWat.Guest);
    private static readonly byte[] ComponentWasm = Wasmtime.Module.ConvertText("(component (core module))").ToArray();

    private static int Compute(Module module)
    {
        using var store = StepStore.Create(Engine, StepLimits.Default);
        var instance = new Linker(Engine.Engine).Instantiate(store, module);
        return Engine.RunOnWasmThread(() => instance.GetFunction<int, int>("compute")!(10));
    }

    [Fact]
    public void Concurrent_requests_compile_once()
    {
        using var cache = new CompiledPluginCache(Engine, null);
        var modules = Enumerable.Range(0, 16).AsParallel().WithDegreeOfParallelism(8).Select(_ => cache.GetModule(Wasm, "g")).ToList();
        Assert.Equal(1, cache.Compilations);
        Assert.All(modules, m => Assert.Same(modules[0], m));
    }

    [Fact]
    public void A_new_process_loads_the_artifact_from_disk()
    {
        using var dir = new TempDir();
        using (var first = new CompiledPluginCache(Engine, dir.Path)) first.GetModule(Wasm, "g");
        Assert.Single(Directory.GetFiles(dir.Path, "*.cwasm"));
        using var second = new CompiledPluginCache(Engine, dir.Path);
        Assert.Equal(45, Compute(second.GetModule(Wasm, "g")));
        Assert.Equal((0, 1), (second.Compilations, second.DiskHits));
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(dir.Path) & (UnixFileMode)0x1FF);
    }

    [Theory]
    [InlineData("truncated")]
    [InlineData("flipped")]
    [InlineData("empty")]
    public void A_corrupt_artifact_is_recompiled(string damage)
    {
        using var dir = new TempDir();
        using (var first = new CompiledPluginCache(Engine, dir.Path)) first.GetModule(Wasm, "g");
        var file = Directory.GetFiles(dir.Path, "*.cwasm").Single();
        var bytes = File.ReadAllBytes(file);
        File.WriteAllBytes(file, damage switch
        {
            "truncated" => bytes[..(bytes.Length / 2)],
            "flipped" => [.. bytes[..^10], (byte)(bytes[^10] ^ 0xFF), .. bytes[^9..]],
            _ => [],
        });
        using var second = new CompiledPluginCache(Engine, dir.Path);
        Assert.Equal(45, Compute(second.GetModule(Wasm, "g")));
        Assert.Equal((1, 0), (second.Compilations, second.DiskHits));
        using var third = new CompiledPluginCache(Engine, dir.Path);
        third.GetModule(Wasm, "g");
        Assert.Equal(1, third.DiskHits);
    }

    [Fact]
    public void Artifacts_of_other_engine_settings_are_not_used()
    {
        using var dir = new TempDir();
        using (var first = new CompiledPluginCache(Engine, dir.Path)) first.GetModule(Wasm, "g");
        using var other = new WasmEngine(new WasmEngineSettings(Fuel: true, Pooling: false));
        using var cache = new CompiledPluginCache(other, dir.Path);
        cache.GetModule(Wasm, "g");
        Assert.Equal((1, 0), (cache.Compilations, cache.DiskHits));
    }

    [Fact]
    public void An_unwritable_directory_means_memory_only_with_one_warning()
    {
        using var dir = new TempDir();
        var file = dir.Combine("not-a-dir");
        File.WriteAllText(file, "x");
        var warnings = new List<string>();
        using var cache = new CompiledPluginCache(Engine, Path.Combine(file, "cache"), warnings.Add);
        Assert.Equal(45, Compute(cache.GetModule(Wasm, "g")));
        cache.GetComponent(ComponentWasm);
        Assert.Single(warnings);
        Assert.Contains("compiling in memory only", warnings[0]);
        Assert.Null(cache.Directory);
    }

    [Fact]
    public void Components_are_cached_on_disk_too()
    {
        using var dir = new TempDir();
        using (var first = new CompiledPluginCache(Engine, dir.Path)) first.GetComponent(ComponentWasm);
        using var second = new CompiledPluginCache(Engine, dir.Path);
        Assert.NotNull(second.GetComponent(ComponentWasm));
        Assert.Equal((0, 1), (second.Compilations, second.DiskHits));
    }

    [Fact]
    public void Invalid_wasm_is_an_error_and_is_not_cached()
    {
        using var cache = new CompiledPluginCache(Engine, null);
        Assert.ThrowsAny<WasmtimeException>(() => cache.GetModule([0, 97, 115, 109, 1], "bad"));
        Assert.ThrowsAny<WasmtimeException>(() => cache.GetModule([0, 97, 115, 109, 1], "bad"));
    }
}
