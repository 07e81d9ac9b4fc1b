using PluginHost.Plugins.Extism;
using PluginHost.Plugins.Proto.Api;
using PluginHost.Plugins.Proto.Install;

namespace PluginHost.Plugins.Tests.Proto;

public sealed class ProtoToolPluginTests
{
    private static readonly PluginUnresolvedContext Context = new() { TempDir = new VirtualPath("/temp"), WorkingDir = new VirtualPath("/cwd") };

    private static ProtoToolPlugin Load() =>
        new("demo", new ExtismPlugin(ProtoTestBed.Plugin("tool"), new ExtismManifest(), new PluginHost.Plugins.Proto.Host.ProtoHostFunctions(new(), new([]), null, "/").All, name: "demo"), TimeSpan.FromSeconds(10));

    [Fact]
    public async Task DetectsAndParsesVersionFiles()
    {
        using var plugin = Load();
        var detected = await plugin.CallAsync<DetectVersionInput, DetectVersionOutput>("detect_version_files", new DetectVersionInput { Context = Context }, default);
        Assert.Equal([".demo-version", ".tool-versions"], detected.Files);
        var parsed = await plugin.CallAsync<ParseVersionFileInput, ParseVersionFileOutput>("parse_version_file",
            new ParseVersionFileInput { Content = "~1.2\n", Context = Context, File = ".demo-version", Path = new VirtualPath("/cwd/.demo-version", "/cwd", "/ws") }, default);
        Assert.Equal("~1.2", parsed.Version);
        var sync = await plugin.CallAsync<SyncManifestInput, SyncManifestOutput>("sync_manifest", new SyncManifestInput { Context = Context }, default);
        Assert.True(sync.SkipSync);
        Assert.Null(sync.Versions);
    }

    [Fact]
    public async Task RegisterToolToleratesUnknownFields()
    {
        using var plugin = Load();
        var output = await plugin.CallAsync<RegisterToolInput, RegisterToolOutput>("register_tool", new RegisterToolInput { Id = "demo" }, default);
        Assert.Equal("Demo Tool (demo)", output.Name);
        Assert.Equal("command-line", output.Type);
        Assert.Equal("0.1.0", output.PluginVersion);
        Assert.False(plugin.Exports("native_install"));
        Assert.True(plugin.Exports("locate_executables"));
    }
}
