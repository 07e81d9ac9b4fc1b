using System.Diagnostics;
using PluginHost.Plugins.Proto.Host;
using PluginHost.Plugins.Proto.Install;
using PluginHost.Plugins.Tests.TestSupport;
using PluginHost.Shared.Manifests;
using PluginHost.Tests.Common;

namespace PluginHost.Plugins.Tests.Proto.Real;

/// <summary>moon's real Node.js and Go plugins install their tools end to end from a loopback mirror reached through
/// url-rewrites (plugin HTTP and downloads) and, for go's git ls-remote, git's url.insteadOf.</summary>
public sealed class RealPluginInstallTests : IDisposable
{
    private static readonly Dictionary<string, Lazy<Wasmtime.Module>> Modules = new()
    {
        ["node"] = new(() => TestModules.FromFile(TestRepo.SharedData("real-plugins", "proto", "node_toolchain.wasm"))),
        ["go"] = new(() => TestModules.FromFile(TestRepo.SharedData("real-plugins", "proto", "go_toolchain.wasm"))),
    };

    private readonly TempDir _temp = new();
    private readonly HttpClient _http = new();
    private readonly Lazy<ToolMirror> _mirror;
    private readonly List<string> _logs = [];

    public RealPluginInstallTests() => _mirror = new(() => new ToolMirror(_temp.Combine("mirror")));

    public void Dispose()
    {
        if (_mirror.IsValueCreated) _mirror.Value.Dispose();
        _http.Dispose();
        _temp.Dispose();
    }

    private ToolMirror Mirror => _mirror.Value;
    private ToolDirectories Dirs => new(_temp.Combine("data"), _temp.Combine("ws"));

    private ToolInstallRequest Request(string id, string? version, IReadOnlyList<string>? allowedCommands = null) => new()
    {
        ToolId = id,
        Module = Modules[id].Value,
        Engine = TestModules.Engine,
        Version = version,
        Directories = Dirs,
        RetryDelay = TimeSpan.FromMilliseconds(10),
        Options = new ProtoHostOptions
        {
            Settings = ProtoSettings.Default with { UrlRewrites = Mirror.Rewrites },
            CommandEnvironment = Mirror.GitEnvironment,
            AllowedCommands = allowedCommands,
        },
    };

    private Task<ToolInstallResult> InstallAsync(ToolInstallRequest request)
    {
        var installer = new ToolInstaller(_http) { Log = (tool, level, message) => { lock (_logs) _logs.Add($"{tool} {level} {message}"); } };
        return installer.InstallAsync(request, null, default);
    }

    private static string Run(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return output.Trim();
    }

    [SharedDataTheory("real-plugins", "proto")]
    [InlineData("20", "20.15.0")]
    [InlineData("lts/iron", "20.15.0")]
    [InlineData("lts", "20.15.0")]
    [InlineData("latest", "22.3.0")]
    [InlineData("~20.1", "20.1.0")]
    public async Task NodeInstallsFromTheMirror(string spec, string expected)
    {
        var result = await InstallAsync(Request("node", spec));

        Assert.Equal(expected, result.Version);
        Assert.Equal(Dirs.ToolDir("node", expected), result.InstallDir);
        Assert.Equal($"v{expected}", Run(Path.Join(Dirs.BinDir, "node")));
        Assert.True(File.Exists(Path.Join(result.InstallDir, "README.md")), "archive prefix node-vX-linux-x64 stripped");
        Assert.Equal(1, Mirror.Server.Completed("/nodejs/download/release/index.json"));
        Assert.Equal(1, Mirror.Server.Completed(ToolMirror.NodeArchive(expected)));
        Assert.Equal(1, Mirror.Server.Completed($"/nodejs/download/release/v{expected}/SHASUMS256.txt"));
        Assert.Contains(expected, ToolManifest.Load(Dirs.ManifestPath("node")).InstalledVersions);
    }

    [SharedDataFact("real-plugins", "proto")]
    public async Task GoInstallsFromTheMirrorWithVersionsFromGitLsRemote()
    {
        var result = await InstallAsync(Request("go", "1.21"));

        Assert.Equal("1.21.11", result.Version);
        Assert.Equal("go version go1.21.11 linux/amd64", Run(Path.Join(Dirs.BinDir, "go")));
        Assert.Equal(1, Mirror.Server.Completed(ToolMirror.GoArchive("1.21.11")));
        Assert.Equal(1, Mirror.Server.Completed(ToolMirror.GoArchive("1.21.11") + ".sha256"));
        Assert.Contains(_logs, l => l.StartsWith("go exec_command ran git ls-remote", StringComparison.Ordinal) && l.EndsWith("exit 0", StringComparison.Ordinal));
    }

    [SharedDataFact("real-plugins", "proto")]
    public async Task NodeChecksumMismatchIsOneLineAndInstallsNothing()
    {
        var archive = ToolMirror.NodeArchive("20.1.0");
        Mirror.Server.Overrides[archive] = [1, 2, 3, 4];

        var e = await Assert.ThrowsAsync<ToolInstallException>(() => InstallAsync(Request("node", "20.1.0")));

        Assert.StartsWith("node: download_prebuilt: verification of node-v20.1.0-linux-x64.tar.xz failed", e.Message);
        Assert.DoesNotContain('\n', e.Message);
        Assert.False(Directory.Exists(Dirs.ToolDir("node", "20.1.0")));
        Assert.False(File.Exists(Path.Join(Dirs.BinDir, "node")));
    }

    [SharedDataFact("real-plugins", "proto")]
    public async Task NodeDroppedDownloadResumesWithRange()
    {
        var archive = ToolMirror.NodeArchive("20.1.0");
        var length = new FileInfo(Path.Join(Mirror.Root, archive.TrimStart('/'))).Length;
        Mirror.Server.Drops[archive] = (1, length / 2);

        var result = await InstallAsync(Request("node", "20.1.0"));

        Assert.Equal("v20.1.0", Run(Path.Join(Dirs.BinDir, "node")));
        var log = Mirror.Server.Log.Where(l => l.Path == archive).ToList();
        Assert.Equal(2, log.Count);
        Assert.Equal(($"bytes={length / 2}-", 206), (log[1].Range, log[1].Status));
        Assert.Equal(length, Mirror.Server.BytesServed(archive));
        Assert.Equal("20.1.0", result.Version);
    }

    [SharedDataFact("real-plugins", "proto")]
    public async Task AnUnknownNodeVersionIsOneLineNamingTheTool()
    {
        var e = await Assert.ThrowsAsync<ToolInstallException>(() => InstallAsync(Request("node", "99.1.0")));

        Assert.StartsWith("node: ", e.Message);
        Assert.Contains("99.1.0", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [SharedDataFact("real-plugins", "proto")]
    public async Task AllowedCommandsNarrowGoGitLsRemote()
    {
        var e = await Assert.ThrowsAsync<ToolInstallException>(() => InstallAsync(Request("go", "1.21", allowedCommands: ["which"])));

        Assert.StartsWith("go: load_versions: ", e.Message);
        Assert.Contains("proto.allowed-commands", e.Message);
    }
}
