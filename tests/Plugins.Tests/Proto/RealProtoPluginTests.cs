using PluginHost.Plugins.Proto.Api;
using PluginHost.Plugins.Proto.Install;
using PluginHost.Plugins.Tests.TestSupport;
using PluginHost.Tests.Common;

namespace PluginHost.Plugins.Tests.Proto;

/// <summary>moon's real Node.js and Go tool plugins (proto_pdk before 0.60) parse version files with the context we send.</summary>
public sealed class RealProtoPluginTests
{
    private static ProtoToolPlugin Load(string id, string file, ToolDirectories dirs) => ProtoPluginLoader.Load(new ToolInstallRequest
    {
        ToolId = id,
        Module = TestModules.FromFile(TestRepo.SharedData("real-plugins", "proto", file)),
        Engine = TestModules.Engine,
        Directories = dirs,
    }, new HttpClient(), (_, _, _) => { }, default);

    [SharedDataTheory("real-plugins", "proto")]
    [InlineData("node", "node_toolchain.wasm", ".nvmrc", "20.1.0\n", "20.1.0")]
    [InlineData("node", "node_toolchain.wasm", "package.json", "{\"engines\":{\"node\":\">=18, <21\"}}", ">=18, <21")]
    [InlineData("node", "node_toolchain.wasm", ".nvmrc", "lts/iron\n", "lts/iron")]
    [InlineData("go", "go_toolchain.wasm", "go.mod", "module x\n\ngo 1.21.0\n", "^1.21.0")]
    public async Task ParseVersionFileReadsTheVersion(string id, string file, string name, string content, string expected)
    {
        using var temp = new TempDir();
        var dirs = new ToolDirectories(temp.Combine("data"), temp.Combine("ws"));
        using var plugin = Load(id, file, dirs);
        var context = new PluginUnresolvedContext
        {
            TempDir = plugin.Paths.ToVirtual(dirs.TempDir),
            ToolDir = plugin.Paths.ToVirtual(Path.Join(dirs.ToolsDir, id)),
            Version = "latest",
            WorkingDir = plugin.Paths.ToVirtual(dirs.Workspace),
        };

        var detected = await plugin.CallAsync<DetectVersionInput, DetectVersionOutput>("detect_version_files", new DetectVersionInput { Context = context }, default);
        var parsed = await plugin.CallAsync<ParseVersionFileInput, ParseVersionFileOutput>("parse_version_file",
            new ParseVersionFileInput { Content = content, Context = context, File = name, Path = plugin.Paths.ToVirtual(Path.Join(dirs.Workspace, name)) }, default);

        Assert.Contains(name, detected.Files);
        Assert.Equal(expected, parsed.Version);
    }
}
