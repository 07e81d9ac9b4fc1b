using PluginHost.Plugins.Extism;
using PluginHost.Plugins.Proto.Api;
using PluginHost.Plugins.Proto.Install;
using PluginHost.Plugins.Tests.TestSupport;

namespace PluginHost.Plugins.Tests.Proto;

public sealed class ProtoToolPluginTests
{
    private static readonly PluginUnresolvedContext Context = new() { TempDir = new VirtualPath("/temp"), ToolDir = new VirtualPath("/proto/tools/demo"), Version = "latest", WorkingDir = new VirtualPath("/cwd") };

    private static ProtoToolPlugin Load() =>
        new("demo", new ExtismPlugin(TestModules.Engine, ProtoTestBed.Plugin("tool"), new ExtismManifest(), new PluginHost.Plugins.Proto.Host.ProtoHostFunctions(new(), new([]), null, "/").All, name: "demo"), TimeSpan.FromSeconds(10));

    [Fact]
    public async Task DetectsAndParsesVersionFiles()
    {
        using var plugin = Load();
        var detected = await plugin.CallAsync<DetectVersionInput, DetectVersionOutput>("detect_version_files", new DetectVersionInput { Context = Context }, default);
        Assert.Equal([".demo-version", ".tool-versions"], detected.Files);
        Assert.Equal(["node_modules"], detected.Ignore);
        var parsed = await plugin.CallAsync<ParseVersionFileInput, ParseVersionFileOutput>("parse_version_file",
            new ParseVersionFileInput { Content = "~1.2\n", Context = Context, File = ".demo-version", Path = new VirtualPath("/cwd/.demo-version", "/cwd", "/ws") }, default);
        Assert.Equal("~1.2", parsed.Version);
        var sync = await plugin.CallAsync<SyncManifestInput, SyncManifestOutput>("sync_manifest", new SyncManifestInput { Context = new PluginContext { TempDir = Context.TempDir, WorkingDir = Context.WorkingDir, ToolDir = new VirtualPath("/proto/tools/demo/1.0.0"), Version = "1.0.0" } }, default);
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

    [Fact]
    public async Task LoaderPassesProtoConfigKeysAndPreopens()
    {
        using var bed = new ProtoTestBed();
        var request = bed.Request("1.0.0", new { format = "zip" });
        using var plugin = ProtoPluginLoader.Load(request, bed.Http, (_, _, _) => { }, default);
        async Task<string> Config(string key) =>
            System.Text.Encoding.UTF8.GetString(await plugin.CallRawAsync("get_config", System.Text.Encoding.UTF8.GetBytes(key), default));

        Assert.Equal("demo", await Config("plugin_id"));
        Assert.Equal("demo", await Config("proto_tool_id"));
        Assert.Contains("\"format\":\"zip\"", await Config("proto_tool_config"));
        using var env = System.Text.Json.JsonDocument.Parse(await Config("host_environment"));
        Assert.Equal("/userhome", env.RootElement.GetProperty("home_dir").GetProperty("path").GetString());
        Assert.Equal(bed.Directories.HomeDir, env.RootElement.GetProperty("home_dir").GetProperty("real_prefix").GetString());
        Assert.Equal("/proto", env.RootElement.GetProperty("proto_dir").GetProperty("virtual_prefix").GetString());
        Assert.Equal(await Config("host_environment"), await Config("proto_environment"));
        var paths = System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string>>(await Config("virtual_paths"))!;
        Assert.Equal(["/proto/tools", "/proto/bin", "/proto", "/temp", "/userhome", "/cwd", "/workspace"], paths.Keys);
        Assert.Equal(bed.Directories.Workspace, paths["/cwd"]);
        Assert.Equal(bed.Directories.ToolsDir, paths["/proto/tools"]);
        Assert.Equal(bed.Directories.BinDir, paths["/proto/bin"]);
        Assert.Equal(["/proto/tools", "/proto/bin", "/proto", "/temp", "/userhome", "/cwd", "/workspace"], plugin.Plugin.Manifest.AllowedPaths.Values);
        Assert.Equal(["127.0.0.1"], plugin.Plugin.Manifest.AllowedHosts);
        Assert.Equal("", await Config("nope"));
    }
}
