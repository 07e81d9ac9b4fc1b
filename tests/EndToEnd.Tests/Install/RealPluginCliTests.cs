using System.Diagnostics;
using PluginHost.Plugins.Tests.Proto.Real;
using PluginHost.Tests.Common;
using static PluginHost.Tests.Common.TestRepo;

namespace PluginHost.EndToEnd.Tests.Install;

/// <summary>`pluginhost install` as a real process with moon's real Node.js and Go plugins (../shared/real-plugins)
/// against a loopback mirror reached through the .prototools [settings.url-rewrites].</summary>
public sealed class RealPluginCliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("real-plugin-cli-").FullName;
    private readonly Lazy<ToolMirror> _mirror;

    public RealPluginCliTests() => _mirror = new(() => new ToolMirror(Path.Combine(_dir, "mirror")));

    public void Dispose()
    {
        if (_mirror.IsValueCreated) _mirror.Value.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private ToolMirror Mirror => _mirror.Value;
    private string Data => Path.Combine(_dir, "data");
    private string Config => Path.Combine(_dir, "project", ".prototools");

    private void WriteConfig(string pins)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Config)!);
        var plugins = Path.GetFullPath(SharedData("real-plugins", "proto"));
        File.WriteAllText(Config, $"""
            {pins}
            [plugins]
            node = "file://{plugins}/node_toolchain.wasm"
            go = "file://{plugins}/go_toolchain.wasm"

            [settings.url-rewrites]
            '^https://nodejs\.org/' = "{Mirror.Server.BaseUrl}/nodejs/"
            '^https://dl\.google\.com/' = "{Mirror.Server.BaseUrl}/google/"
            """);
    }

    private Task<(int ExitCode, string Stdout, string Stderr)> Install(params string[] args) =>
        RunToEnd(["install", "--config", Config, "--data-dir", Data, .. args], Mirror.GitEnvironment);

    private static string RunBin(string path)
    {
        var start = new ProcessStartInfo(path) { RedirectStandardOutput = true, UseShellExecute = false };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
        return output.Trim();
    }

    private static void AssertNoStackTrace(string text)
    {
        Assert.DoesNotContain("   at ", text);
        Assert.DoesNotContain("Exception", text);
    }

    [SharedDataFact("real-plugins", "proto")]
    public async Task InstallsNodeAndGoFromTheMirrorWithRunnableBins()
    {
        WriteConfig("node = \"lts/iron\"\ngo = \"1.21\"\n");

        var (exitCode, stdout, stderr) = await Install();

        Assert.True(exitCode == 0, $"exit {exitCode}\n{stdout}\n{stderr}");
        Assert.Contains("completed: 2 succeeded, 0 failed", stdout);
        Assert.Equal("v20.15.0", RunBin(Path.Combine(Data, "bin", "node")));
        Assert.Equal("go version go1.21.11 linux/amd64", RunBin(Path.Combine(Data, "bin", "go")));
        Assert.True(File.Exists(Path.Combine(Data, "tools", "node", "20.15.0", "bin", "node")));
        Assert.True(File.Exists(Path.Combine(Data, "tools", "go", "1.21.11", "bin", "go")));
        Assert.Equal(1, Mirror.Server.Completed(ToolMirror.NodeArchive("20.15.0")));
        Assert.Equal(1, Mirror.Server.Completed(ToolMirror.GoArchive("1.21.11")));
    }

    [SharedDataFact("real-plugins", "proto")]
    public async Task AnUnknownVersionIsOneLineAndExitCodeOne()
    {
        WriteConfig("node = \"20\"\n");

        var (exitCode, stdout, stderr) = await Install("node@99.1.0");

        Assert.True(exitCode == 1, $"exit {exitCode}\n{stdout}\n{stderr}");
        Assert.Contains("node@99.1.0: failed: step 0 (install) failed: node: load_versions: cannot resolve version '99.1.0': version 99.1.0 is not among the 4 available versions\n", stdout);
        AssertNoStackTrace(stdout + stderr);
        Assert.False(Directory.Exists(Path.Combine(Data, "tools", "node", "99.1.0")));
    }

    [SharedDataFact("real-plugins", "proto")]
    public async Task AnUnknownToolIsAUsageErrorNamingFileAndTool()
    {
        WriteConfig("node = \"20\"\n");

        var (exitCode, stdout, stderr) = await Install("nodejs");

        Assert.Equal(2, exitCode);
        Assert.Contains($"{Config}: tool 'nodejs' is neither pinned nor has a [plugins] entry", stderr);
        AssertNoStackTrace(stdout + stderr);
    }

    [SharedDataFact("real-plugins", "proto")]
    public async Task AChecksumMismatchIsOneLineAndInstallsNothing()
    {
        WriteConfig("node = \"20.1.0\"\n");
        Mirror.Server.Overrides[ToolMirror.NodeArchive("20.1.0")] = [1, 2, 3, 4];

        var (exitCode, stdout, stderr) = await Install();

        Assert.True(exitCode == 1, $"exit {exitCode}\n{stdout}\n{stderr}");
        Assert.Contains("node: download_prebuilt: verification of node-v20.1.0-linux-x64.tar.xz failed", stdout + stderr);
        AssertNoStackTrace(stdout + stderr);
        Assert.False(Directory.Exists(Path.Combine(Data, "tools", "node", "20.1.0")));
        Assert.False(File.Exists(Path.Combine(Data, "bin", "node")));
    }

    [SharedDataFact("real-plugins", "proto")]
    public async Task AllowCommandNarrowsExecCommandAndNamesTheSetting()
    {
        WriteConfig("go = \"1.21\"\n");

        var (refused, stdout, stderr) = await Install("--allow-command", "which");

        Assert.True(refused == 1, $"exit {refused}\n{stdout}\n{stderr}");
        Assert.Contains("command 'git' is not allowed", stdout + stderr);
        Assert.Contains("--allow-command", stdout + stderr);
        Assert.False(File.Exists(Path.Combine(Data, "bin", "go")));

        var (allowed, output, error) = await Install("--allow-command", "git");
        Assert.True(allowed == 0, $"exit {allowed}\n{output}\n{error}");
        Assert.Equal("go version go1.21.11 linux/amd64", RunBin(Path.Combine(Data, "bin", "go")));
    }

    [SharedDataFact("real-plugins", "proto")]
    public async Task TheAllowedCommandsEnvironmentVariableNarrowsExecCommand()
    {
        WriteConfig("go = \"1.21\"\n");
        var environment = new Dictionary<string, string>(Mirror.GitEnvironment) { ["PLUGINHOST_PROTO_ALLOWED_COMMANDS"] = "which, ls" };

        var (exitCode, stdout, stderr) = await RunToEnd(["install", "--config", Config, "--data-dir", Data], environment);

        Assert.True(exitCode == 1, $"exit {exitCode}\n{stdout}\n{stderr}");
        Assert.Contains("command 'git' is not allowed", stdout + stderr);
        Assert.Contains("(allowed: which, ls)", stdout + stderr);
    }
}
