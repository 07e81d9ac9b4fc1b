using static PluginHost.Tests.Common.TestRepo;
using PluginHost.Tests.Common;
using System.Diagnostics;
using PluginHost.Plugins.Proto.Install;

namespace PluginHost.EndToEnd.Tests.Install;

/// <summary>`pluginhost install` as a real process against tools served by a loopback HTTP server.</summary>
public sealed class InstallCliTests : IDisposable
{
    private const int Tools = 20;
    private readonly string _dir = Directory.CreateTempSubdirectory("install-cli-tests-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Site => Path.Combine(_dir, "site");
    private string Data => Path.Combine(_dir, "data");
    private string Config => Path.Combine(_dir, "project", ".prototools");

    [Fact]
    public async Task InstallsTwentyToolsInParallelWithEveryBinRunnable()
    {
        ToolSite.Write(Site, RepoRoot(), Tools, i => 4096 + i);
        using var server = new LoopbackHttpServer(Site);
        WriteConfig(server);

        var (exitCode, stdout, stderr) = await RunToEnd("install", "--config", Config, "--data-dir", Data);

        Assert.True(exitCode == 0, $"exit {exitCode}\n{stdout}\n{stderr}");
        Assert.Contains($"completed: {Tools} succeeded, 0 failed", stdout);
        for (var i = 0; i < Tools; i++)
        {
            var bin = Path.Combine(Data, "bin", $"tool{i}");
            Assert.True(File.Exists(bin), $"{bin} missing\n{stdout}");
            Assert.Equal($"tool{i} 1.0.0 hi", (await RunBin(bin, "hi")).Trim());
            Assert.True(Directory.Exists(Path.Combine(Data, "tools", $"tool{i}", "1.0.0")));
            Assert.Equal(1, server.Requests(ToolSite.ArchivePath(i)));
            Assert.Equal(1, server.Requests($"/t{i}/dist/SHASUMS256.txt"));
        }
        Assert.Equal(1, server.Requests("/plugin/tool.wasm"));
    }

    [Fact]
    public async Task AnInstallKilledDuringDownloadsResumesWithoutDownloadingVerifiedArchivesAgain()
    {
        ToolSite.Write(Site, RepoRoot(), Tools, i => (i + 1) * 64 * 1024);
        using var server = new LoopbackHttpServer(Site) { BytesPerSecond = 256 * 1024 };
        WriteConfig(server);
        var cache = new DownloadCache(Path.Combine(Data, "temp", "downloads"), new HttpClient());
        var cached = Enumerable.Range(0, Tools).Select(i => cache.PathFor(new Uri(server.BaseUrl + ToolSite.ArchivePath(i)), $"demo-{ToolSite.Version}.tar.gz")).ToArray();

        using (var first = Start("install", "--config", Config, "--data-dir", Data, "--runners", "16"))
        {
            var stderr = first.StandardError.ReadToEndAsync();
            _ = first.StandardOutput.ReadToEndAsync();
            var deadline = DateTime.UtcNow.AddMinutes(2);
            while (cached.Count(p => File.Exists(p + ".verified")) < 3)
            {
                Assert.True(DateTime.UtcNow < deadline && !first.HasExited, $"no three verified downloads: {(first.HasExited ? await stderr : "timeout")}");
                await Task.Delay(20);
            }
            first.Kill(entireProcessTree: true); // SIGKILL
            await first.WaitForExitAsync();
        }
        Assert.True(await server.WaitIdleAsync(TimeSpan.FromSeconds(10)), "the killed install's connections did not end");
        var verified = Enumerable.Range(0, Tools).Where(i => File.Exists(cached[i] + ".verified")).ToHashSet();
        var before = Enumerable.Range(0, Tools).Select(i => server.Requests(ToolSite.ArchivePath(i))).ToArray();
        var servedBefore = Enumerable.Range(0, Tools).Select(i => server.BytesServed(ToolSite.ArchivePath(i))).ToArray();
        var partial = Enumerable.Range(0, Tools).Select(i => File.Exists(cached[i] + ".part") ? new FileInfo(cached[i] + ".part").Length : 0).ToArray();
        Assert.True(verified.Count < Tools, "every archive was verified before the kill: the kill came too late to test anything");
        Assert.True(partial.Any(n => n > 0), "no partial download was left by the kill: nothing to resume");
        Assert.All(verified, i => Assert.Equal(1, before[i]));

        server.BytesPerSecond = 0;
        var (exitCode, stdout, err) = await RunToEnd("install", "--config", Config, "--data-dir", Data);

        Assert.True(exitCode == 0, $"exit {exitCode}\n{stdout}\n{err}");
        Assert.Contains("resuming run install-", stdout);
        long remainder = 0, resumedWhole = 0;
        for (var i = 0; i < Tools; i++)
        {
            var archive = ToolSite.ArchivePath(i);
            var size = new FileInfo(Path.Combine(Site, archive.TrimStart('/'))).Length;
            var requests = server.Requests(archive);
            var served = server.BytesServed(archive) - servedBefore[i];
            if (verified.Contains(i))
            {
                Assert.True(requests == 1, $"tool{i} was verified before the kill but downloaded {requests} times");
                Assert.Equal(0, served);
            }
            else
            {
                Assert.True(requests == before[i] + 1, $"tool{i} was not verified before the kill: expected {before[i] + 1} downloads, saw {requests}");
                if (partial[i] > 0)
                {
                    // Only the remainder went over the wire: a Range request from the kept bytes, answered 206.
                    Assert.Contains((archive, $"bytes={partial[i]}-", 206), server.Log.Select(l => (l.Path, l.Range, l.Status)));
                    Assert.Equal(size - partial[i], served);
                }
                else Assert.Equal(size, served);
                remainder += served;
                resumedWhole += size;
            }
            Assert.Equal($"tool{i} 1.0.0", (await RunBin(Path.Combine(Data, "bin", $"tool{i}"))).Trim());
        }
        Assert.True(remainder < resumedWhole, $"the resumed run fetched {remainder} bytes of {resumedWhole}");
    }

    [Fact]
    public async Task AnUnpinnedToolTakesItsVersionFromTheVersionFileBesideTheProtoTools()
    {
        ToolSite.Write(Site, RepoRoot(), 1, _ => 16);
        File.WriteAllText(Path.Combine(Site, "t0", "index.txt"), "1.0.0\n0.9.0\nlatest 1.0.0\n");
        using var server = new LoopbackHttpServer(Site);
        Directory.CreateDirectory(Path.GetDirectoryName(Config)!);
        File.WriteAllText(Config, ToolSite.ProtoTools(Site, server.BaseUrl, 1).Replace("tool0 = \"1.0.0\"\n", ""));
        File.WriteAllText(Path.Combine(Path.GetDirectoryName(Config)!, ".tool-versions"), "node 20.1.0\ndemo ^1\n");

        var (exitCode, stdout, stderr) = await RunToEnd("install", "--config", Config, "--data-dir", Data, "tool0");

        Assert.True(exitCode == 0, $"exit {exitCode}\n{stdout}\n{stderr}");
        Assert.True(Directory.Exists(Path.Combine(Data, "tools", "tool0", "1.0.0")));
        Assert.Equal("tool0 1.0.0", (await RunBin(Path.Combine(Data, "bin", "tool0"))).Trim());
        Assert.Contains("1.0.0 (from .tool-versions)", stdout);
        Assert.Contains("\"installed_versions\": [\n    \"1.0.0\"\n  ]", File.ReadAllText(Path.Combine(Data, "tools", "tool0", "manifest.json")));

        File.Delete(Path.Combine(Path.GetDirectoryName(Config)!, ".tool-versions"));
        var (again, output, error) = await RunToEnd("install", "--config", Config, "--data-dir", Path.Combine(_dir, "data2"), "tool0");
        Assert.True(again == 1, $"exit {again}\n{output}\n{error}");
        Assert.Contains("tool0: detect_version_files: no version to install", output + error);
    }

    [Fact]
    public async Task AHostOutsideTheAllowedHostsSettingFailsTheToolNamingHostAndSetting()
    {
        ToolSite.Write(Site, RepoRoot(), 1, _ => 16);
        using var server = new LoopbackHttpServer(Site);
        Directory.CreateDirectory(Path.GetDirectoryName(Config)!);
        File.WriteAllText(Config, ToolSite.ProtoTools(Site, server.BaseUrl, 1) + "\n[settings]\nallowed-hosts = [\"*.nodejs.org\"]\n");

        var (exitCode, stdout, stderr) = await RunToEnd("install", "--config", Config, "--data-dir", Data);

        Assert.True(exitCode == 1, $"exit {exitCode}\n{stdout}\n{stderr}");
        Assert.Contains($"HTTP request to '127.0.0.1' is not allowed (allowed hosts: *.nodejs.org; add it to [settings] allowed-hosts in {Config})", stdout + stderr);
        Assert.Contains("tool0", stdout + stderr);

        // The node's --allow-host takes precedence over the file.
        var (allowed, output, error) = await RunToEnd("install", "--config", Config, "--data-dir", Data, "--allow-host", "127.0.0.1");
        Assert.True(allowed == 0, $"exit {allowed}\n{output}\n{error}");
    }

    [Fact]
    public async Task AToolWithoutAPluginIsAUsageErrorNamingFileAndTool()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Config)!);
        File.WriteAllText(Config, "ghost = \"1.0.0\"\n");

        var (exitCode, _, stderr) = await RunToEnd("install", "--config", Config, "--data-dir", Data);

        Assert.Equal(2, exitCode);
        Assert.Contains($"{Config}: tool 'ghost' has no plugin", stderr);
    }

    [Theory]
    [InlineData("node = \"20\"\n[plugins\n", "invalid TOML at line 2, column 9: ")]
    [InlineData("node = \"20\"\nnode = \"22\"\n", "invalid TOML at line 2, column 1: ")]
    [InlineData("node = \"20\"\nx = \"\\u00", "invalid TOML at line 2, column ")]
    public async Task ABadProtoToolsIsOneLineNamingFileLineAndColumn(string text, string expected)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Config)!);
        File.WriteAllText(Config, text);

        var (exitCode, stdout, stderr) = await RunToEnd("install", "--config", Config, "--data-dir", Data);

        Assert.Equal(2, exitCode);
        Assert.Contains($"{Config}: {expected}", stderr);
        Assert.DoesNotContain("   at ", stdout + stderr);
        Assert.DoesNotContain("Exception", stdout + stderr);
    }

    [Fact]
    public async Task AWrongPluginPinFailsBeforeAnyInstall()
    {
        ToolSite.Write(Site, RepoRoot(), 1, _ => 16);
        using var server = new LoopbackHttpServer(Site);
        Directory.CreateDirectory(Path.GetDirectoryName(Config)!);
        File.WriteAllText(Config, $"tool0 = \"1.0.0\"\n[plugins]\ntool0 = \"{server.BaseUrl}/plugin/tool.wasm#sha256={new string('a', 64)}\"\n");

        var (exitCode, _, stderr) = await RunToEnd("install", "--config", Config, "--data-dir", Data);

        Assert.Equal(2, exitCode);
        Assert.Contains("[plugins] tool0: SHA-256 mismatch", stderr);
        Assert.Equal(0, server.Requests(ToolSite.ArchivePath(0)));
    }

    [Fact]
    public async Task TheBundledExampleInstallsOffline()
    {
        var config = Path.Combine(RepoRoot(), "examples", "tools", ".prototools");

        var (exitCode, stdout, stderr) = await RunToEnd("install", "--config", config, "--data-dir", Data, "hello@1.2.5");

        Assert.True(exitCode == 0, $"exit {exitCode}\n{stdout}\n{stderr}");
        Assert.Equal("demo 1.2.5", (await RunBin(Path.Combine(Data, "bin", "hello"))).Trim());
        Assert.False(File.Exists(Path.Combine(Data, "bin", "demo")), "only the named tool is installed");
    }

    private void WriteConfig(LoopbackHttpServer server)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Config)!);
        File.WriteAllText(Config, ToolSite.ProtoTools(Site, server.BaseUrl, Tools));
    }

    private static async Task<string> RunBin(string path, params string[] args)
    {
        var psi = new ProcessStartInfo(path) { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var process = Process.Start(psi)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.Equal(0, process.ExitCode);
        return output;
    }
}
