using System.Diagnostics;
using PluginHost.Plugins.Proto.Install;

namespace PluginHost.Plugins.Tests.Proto;

public sealed class ToolInstallerTests
{
    private static string Run(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return output.Trim();
    }

    [Theory]
    [InlineData("tar.gz")]
    [InlineData("tar.xz")]
    [InlineData("tar.bz2")]
    [InlineData("tar.zst")]
    [InlineData("zip")]
    public async Task InstallsEveryArchiveFormatWithSha256Files(string format)
    {
        using var bed = new ProtoTestBed();
        var result = await bed.InstallAsync(bed.Request("^1.2", new { format }));

        Assert.Equal("1.2.5", result.Version);
        Assert.Equal("Demo Tool (demo)", result.ToolName);
        Assert.Equal(bed.Directories.ToolDir("demo", "1.2.5"), result.InstallDir);
        Assert.Equal(["demo", "demo-helper"], result.Executables.Keys);
        var link = Assert.Single(result.LinkedBins);
        Assert.Equal(Path.Combine(bed.Directories.BinDir, "demo"), link);
        Assert.Equal(result.Executables["demo"], new FileInfo(link).LinkTarget);
        Assert.Equal("demo 1.2.5 hi", Run(link, "hi"));
        Assert.True(File.Exists(Path.Combine(result.InstallDir, "README.txt")), "archive_prefix demo-1.2.5 is stripped");
        Assert.Equal(1, bed.Server.Requests("/dist/SHASUMS256.txt"));
    }

    [Fact]
    public async Task RawBinaryBecomesTheExecutable()
    {
        using var bed = new ProtoTestBed();
        var result = await bed.InstallAsync(bed.Request("1.2", new { format = "bin" }));

        Assert.Equal("1.2.5", result.Version);
        var exe = result.Executables["demo"];
        Assert.Equal(Path.Combine(result.InstallDir, "demo"), exe);
        Assert.True((File.GetUnixFileMode(exe) & UnixFileMode.UserExecute) != 0);
        Assert.Equal("demo 1.2.5 raw x", Run(Path.Combine(bed.Directories.BinDir, "demo"), "x"));
    }

    [Theory]
    [InlineData("latest", "2.0.0")]
    [InlineData("stable", "2.0.0")]
    [InlineData("canary", "2.1.0-canary.1")]
    [InlineData("lts", "1.2.5")]
    [InlineData("old", "1.0.0")]
    [InlineData("1", "1.2.5")]
    [InlineData("1.2.0", "1.2.0")]
    [InlineData("v1.2.0", "1.2.0")]
    [InlineData("~1.2.0", "1.2.5")]
    [InlineData(">=1, <1.2.5", "1.2.0")]
    [InlineData("^2.1.0-canary.0", "2.1.0-canary.1")]
    [InlineData("newest", "2.0.0")]
    [InlineData("oldest", "1.0.0")]
    public async Task ResolvesAliasesPartialsAndRanges(string spec, string expected)
    {
        using var bed = new ProtoTestBed();
        var result = await bed.InstallAsync(bed.Request(spec));
        Assert.Equal(expected, result.Version);
        Assert.Equal($"demo {expected} ", Run(result.Executables["demo"]) + " ");
    }

    [Theory]
    [InlineData("3", "no available version satisfies '3'")]
    [InlineData("1.3.0", "version 1.3.0 is not among the 5 available versions")]
    [InlineData("nightly", "'nightly' is neither a known alias")]
    public async Task UnresolvableVersionsFailNamingLoadVersions(string spec, string expected)
    {
        using var bed = new ProtoTestBed();
        var error = await Assert.ThrowsAsync<ToolInstallException>(() => bed.InstallAsync(bed.Request(spec)));
        Assert.StartsWith($"demo: load_versions: cannot resolve version '{spec}': ", error.Message);
        Assert.Contains(expected, error.Message);
        Assert.False(Directory.Exists(Path.Combine(bed.Directories.ToolsDir, "demo")) && Directory.EnumerateFileSystemEntries(Path.Combine(bed.Directories.ToolsDir, "demo")).Any());
    }

    [Fact]
    public async Task IndexCanComeThroughTheKernelHttpRequest()
    {
        using var bed = new ProtoTestBed();
        var result = await bed.InstallAsync(bed.Request("1.0", new { via = "http_request" }));
        Assert.Equal("1.0.0", result.Version);
        Assert.Equal(1, bed.Server.Requests("/index.txt"));
    }

    [Fact]
    public async Task Sha512ChecksumFileIsUsed()
    {
        using var bed = new ProtoTestBed();
        var result = await bed.InstallAsync(bed.Request("2", new { format = "tar.xz", checksums = "SHASUMS512.txt" }));
        Assert.Equal("2.0.0", result.Version);
        Assert.Equal(1, bed.Server.Requests("/dist/SHASUMS512.txt"));
    }

    [Fact]
    public async Task InlineChecksumIsChecked()
    {
        using var bed = new ProtoTestBed();
        var sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(Path.Combine(bed.Server.Root, "dist", "demo-1.2.5.zip"))));
        var result = await bed.InstallAsync(bed.Request("1.2.5", new { format = "zip", checksums = "inline", sha256 = sha }));
        Assert.Equal("1.2.5", result.Version);

        using var other = new ProtoTestBed();
        var error = await Assert.ThrowsAsync<ToolInstallException>(() => other.InstallAsync(other.Request("1.2.5", new { format = "zip", checksums = "inline", sha256 = new string('0', 64) })));
        Assert.StartsWith("demo: download_prebuilt: verification of demo-1.2.5.zip failed:", error.Message);
        Assert.False(Directory.Exists(other.Directories.ToolDir("demo", "1.2.5")));
    }

    [Fact]
    public async Task MinisignSignedDownloadVerifiesWithThePublicKey()
    {
        using var bed = new ProtoTestBed();
        var result = await bed.InstallAsync(bed.Request("1.2.5", new { format = "tar.zst", checksums = "minisign", public_key = ProtoTestBed.PublicKey }));
        Assert.Equal("1.2.5", result.Version);
        Assert.Equal(1, bed.Server.Requests("/dist/demo-1.2.5.tar.zst.minisig"));
    }

    [Fact]
    public async Task MinisignSignatureOfAnotherFileFails()
    {
        using var bed = new ProtoTestBed();
        bed.Server.Overrides["/dist/demo-1.2.5.tar.zst.minisig"] = File.ReadAllBytes(Path.Combine(bed.Server.Root, "dist", "demo-2.0.0.tar.gz.minisig"));
        var error = await Assert.ThrowsAsync<ToolInstallException>(() =>
            bed.InstallAsync(bed.Request("1.2.5", new { format = "tar.zst", checksums = "minisign", public_key = ProtoTestBed.PublicKey })));
        Assert.StartsWith("demo: download_prebuilt: verification of demo-1.2.5.tar.zst failed:", error.Message);
        Assert.False(Directory.Exists(bed.Directories.ToolDir("demo", "1.2.5")));
    }

    [Fact]
    public async Task TamperedDownloadFailsAndIsNotKept()
    {
        using var bed = new ProtoTestBed();
        var original = File.ReadAllBytes(Path.Combine(bed.Server.Root, "dist", "demo-1.2.5.tar.gz"));
        var tampered = (byte[])original.Clone();
        tampered[^10] ^= 0xFF;
        bed.Server.Overrides["/dist/demo-1.2.5.tar.gz"] = tampered;

        var error = await Assert.ThrowsAsync<ToolInstallException>(() => bed.InstallAsync(bed.Request("1.2.5")));
        Assert.Equal("demo", error.Tool);
        Assert.Equal("download_prebuilt", error.Function);
        Assert.Contains("demo-1.2.5.tar.gz", error.Message);
        Assert.False(Directory.Exists(bed.Directories.ToolDir("demo", "1.2.5")));
        Assert.Empty(Directory.EnumerateFiles(bed.Directories.DownloadsDir, "demo-1.2.5.tar.gz*", SearchOption.AllDirectories));

        bed.Server.Overrides.TryRemove("/dist/demo-1.2.5.tar.gz", out _);
        var result = await bed.InstallAsync(bed.Request("1.2.5"));
        Assert.False(result.ReusedDownload);
        Assert.Equal(2, bed.Server.Requests("/dist/demo-1.2.5.tar.gz"));
    }

    [Fact]
    public async Task ResumedInstallReusesTheVerifiedDownload()
    {
        using var bed = new ProtoTestBed();
        var first = await bed.InstallAsync(bed.Request("1.2.5", new { format = "tar.bz2" }));
        Assert.False(first.ReusedDownload);
        var cached = Directory.EnumerateFiles(bed.Directories.DownloadsDir, "demo-1.2.5.tar.bz2", SearchOption.AllDirectories).Single();
        var marker = File.ReadAllText(cached + ".verified").Trim();
        Assert.Equal("sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(cached))), marker);

        Directory.Delete(first.InstallDir, recursive: true);
        var second = await bed.InstallAsync(bed.Request("1.2.5", new { format = "tar.bz2" }));
        Assert.True(second.ReusedDownload);
        Assert.Equal(1, bed.Server.Requests("/dist/demo-1.2.5.tar.bz2"));
        Assert.Equal(1, bed.Server.Requests("/dist/SHASUMS256.txt"));
        Assert.Equal("demo 1.2.5", Run(second.Executables["demo"]));

        // A cached file that no longer matches its marker is downloaded again.
        File.AppendAllText(cached, "junk");
        var third = await bed.InstallAsync(bed.Request("1.2.5", new { format = "tar.bz2" }) with { Force = true });
        Assert.False(third.ReusedDownload);
        Assert.Equal(2, bed.Server.Requests("/dist/demo-1.2.5.tar.bz2"));
    }

    [Fact]
    public async Task TransientServerErrorsAreRetried()
    {
        using var bed = new ProtoTestBed();
        bed.Server.Failures["/dist/demo-2.0.0.tar.gz"] = (2, 503);
        var result = await bed.InstallAsync(bed.Request("2.0.0"));
        Assert.Equal("2.0.0", result.Version);
        Assert.Equal(3, bed.Server.Requests("/dist/demo-2.0.0.tar.gz"));
    }

    [Fact]
    public async Task RetriesRunOutWithAClearError()
    {
        using var bed = new ProtoTestBed();
        bed.Server.Failures["/dist/demo-2.0.0.tar.gz"] = (10, 503);
        var error = await Assert.ThrowsAsync<ToolInstallException>(() => bed.InstallAsync(bed.Request("2.0.0")));
        Assert.StartsWith($"demo: download_prebuilt: download of {bed.Server.BaseUrl}/dist/demo-2.0.0.tar.gz failed after 2 retries:", error.Message);
        Assert.Contains("503", error.Message);
        Assert.Equal(3, bed.Server.Requests("/dist/demo-2.0.0.tar.gz"));
    }

    [Fact]
    public async Task NotFoundIsNotRetried()
    {
        using var bed = new ProtoTestBed();
        bed.Server.Failures["/dist/demo-2.0.0.tar.gz"] = (10, 404);
        var error = await Assert.ThrowsAsync<ToolInstallException>(() => bed.InstallAsync(bed.Request("2.0.0")));
        Assert.Contains("404", error.Message);
        Assert.Equal(1, bed.Server.Requests("/dist/demo-2.0.0.tar.gz"));
    }

    [Fact]
    public async Task ProgressReportsPhasesInOrderAndDownloadedBytes()
    {
        using var bed = new ProtoTestBed();
        await bed.InstallAsync(bed.Request("1.2.5", new { format = "zip" }));
        var phases = bed.Progress.Select(p => p.Phase).Distinct().ToList();
        Assert.Equal([ToolInstallPhase.Registering, ToolInstallPhase.ResolvingVersion, ToolInstallPhase.Preparing, ToolInstallPhase.Downloading,
            ToolInstallPhase.Verifying, ToolInstallPhase.Unpacking, ToolInstallPhase.Linking, ToolInstallPhase.Finishing, ToolInstallPhase.Done], phases);
        var size = new FileInfo(Path.Combine(bed.Server.Root, "dist", "demo-1.2.5.zip")).Length;
        var last = bed.Progress.Last(p => p.Phase == ToolInstallPhase.Downloading && p.DownloadedBytes > 0);
        Assert.Equal(size, last.DownloadedBytes);
        Assert.Equal(size, last.TotalBytes);
    }

    [Fact]
    public async Task HooksUseTheRunEnvironmentAndVirtualPaths()
    {
        using var bed = new ProtoTestBed();
        Assert.Null(Environment.GetEnvironmentVariable("DEMO_HOME"));
        await bed.InstallAsync(bed.Request("2.0.0"));
        Assert.Contains("demo tracing pre_install DEMO_HOME=/proto/tools/demo {\"from\":\"plugin\"}", bed.Logs);
        Assert.Contains($"demo tracing post_install 2.0.0 bin={bed.Directories.BinDir} {{\"from\":\"plugin\"}}", bed.Logs);
        Assert.Null(Environment.GetEnvironmentVariable("DEMO_HOME"));
    }

    [Fact]
    public async Task ExecCommandRunsAllowedCommands()
    {
        using var bed = new ProtoTestBed();
        var request = bed.Request("2.0.0", new { pre_command = "echo" });
        request = request with { Options = request.Options with { AllowedCommands = ["echo"] } };
        await bed.InstallAsync(request);
        Assert.Contains("demo tracing pre_install ran echo: exit 0 stdout hello from pre_install\n {\"from\":\"plugin\"}", bed.Logs);
        Assert.Contains(bed.Logs, l => l.StartsWith("demo exec_command ran echo ", StringComparison.Ordinal) && l.EndsWith(": exit 0", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ExecCommandRunsAnyCommandByDefaultAsProtoDoes()
    {
        using var bed = new ProtoTestBed();
        var request = bed.Request("2.0.0", new { pre_command = "echo" });
        request = request with { Options = request.Options with { AllowedCommands = null } };
        await bed.InstallAsync(request);
        Assert.Contains(bed.Logs, l => l.StartsWith("demo exec_command ran echo ", StringComparison.Ordinal) && l.EndsWith(": exit 0", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ExecCommandRefusesCommandsNotAllowed()
    {
        using var bed = new ProtoTestBed();
        var request = bed.Request("2.0.0", new { pre_command = "rm" });
        request = request with { Options = request.Options with { AllowedCommands = [] } };
        var error = await Assert.ThrowsAsync<ToolInstallException>(() => bed.InstallAsync(request));
        Assert.Equal("pre_install", error.Function);
        Assert.Contains("command 'rm' is not allowed; add it to the node setting proto.allowed-commands (pluginhost install --allow-command or $PLUGINHOST_PROTO_ALLOWED_COMMANDS) (allowed: none)", error.Message);
        Assert.False(Directory.Exists(bed.Directories.ToolDir("demo", "2.0.0")));
    }

    [Fact]
    public async Task RequestsToHostsNotAllowedFail()
    {
        using var bed = new ProtoTestBed();
        var request = bed.Request("2.0.0");
        request = request with { Options = request.Options with { AllowedHosts = ["example.com"] } };
        var error = await Assert.ThrowsAsync<ToolInstallException>(() => bed.InstallAsync(request));
        Assert.StartsWith("demo: load_versions: ", error.Message);
        Assert.Contains("HTTP request to '127.0.0.1' is not allowed", error.Message);
    }

    [Fact]
    public async Task UrlRewritesApplyToRequestsAndDownloads()
    {
        using var bed = new ProtoTestBed();
        var settings = PluginHost.Shared.Manifests.ProtoToolsFile.Parse(
            $"[settings.url-rewrites]\n\"^https://dl\\\\.example\\\\.invalid\" = \"{bed.Server.BaseUrl}\"\n", ".prototools").Settings with { Http = ProtoTestBed.FastSettings.Http };
        var request = bed.Request("1.2.5") with { };
        request = request with
        {
            ToolConfigJson = "{\"base_url\":\"https://dl.example.invalid\"}",
            Options = request.Options with { Settings = settings },
        };
        var result = await bed.InstallAsync(request);
        Assert.Equal("1.2.5", result.Version);
        Assert.Equal(1, bed.Server.Requests("/index.txt"));
        Assert.Equal(1, bed.Server.Requests("/dist/demo-1.2.5.tar.gz"));
    }

    [Fact]
    public async Task SecondVersionGetsItsOwnDirectoryAndRelinksTheBin()
    {
        using var bed = new ProtoTestBed();
        var one = await bed.InstallAsync(bed.Request("1.0.0"));
        var two = await bed.InstallAsync(bed.Request("2.0.0"));
        Assert.True(Directory.Exists(one.InstallDir));
        Assert.Equal("demo 2.0.0", Run(Path.Combine(bed.Directories.BinDir, "demo")));
    }

    [Fact]
    public async Task NativeInstallSkipsTheDownload()
    {
        using var bed = new ProtoTestBed();
        var request = bed.Request("1.2.0", plugin: "tool-native");
        request = request with { Options = request.Options with { AllowedCommands = ["sh"] } };
        var result = await bed.InstallAsync(request);

        Assert.True(result.NativeInstall);
        Assert.False(result.ReusedDownload);
        Assert.Equal(0, bed.Server.Requests("/dist/demo-1.2.0.tar.gz"));
        Assert.Equal("native demo", Run(Path.Combine(bed.Directories.BinDir, "demo")));
        Assert.Contains($"demo tracing native_install in {result.InstallDir}\n {{\"from\":\"plugin\"}}", bed.Logs);
        Assert.DoesNotContain(bed.Progress, p => p.Phase == ToolInstallPhase.Downloading);
    }

    [Fact]
    public async Task NativeInstallNeedsItsCommandAllowedWhenAnAllowListIsSet()
    {
        using var bed = new ProtoTestBed();
        var request = bed.Request("1.2.0", plugin: "tool-native");
        request = request with { Options = request.Options with { AllowedCommands = ["echo"] } };
        var error = await Assert.ThrowsAsync<ToolInstallException>(() => bed.InstallAsync(request));
        Assert.StartsWith("demo: native_install: ", error.Message);
        Assert.Contains("command 'sh' is not allowed", error.Message);
        Assert.False(Directory.Exists(bed.Directories.ToolDir("demo", "1.2.0")));
    }

    [Fact]
    public async Task PluginUnpackArchiveWritesThroughWasiPreopens()
    {
        using var bed = new ProtoTestBed();
        var result = await bed.InstallAsync(bed.Request("1.2.5", plugin: "tool-wasi"));

        Assert.Equal("wasi-unpacked demo 1.2.5 head 1f8b", Run(Path.Combine(bed.Directories.BinDir, "demo")));
        Assert.False(File.Exists(Path.Combine(result.InstallDir, "README.txt")), "the host must not unpack when the plugin exports unpack_archive");
        Assert.True(File.Exists(Path.Combine(result.InstallDir, "bin", "demo-helper")));
    }

    [Fact]
    public async Task InstalledVersionIsOnlyRelinkedUnlessForced()
    {
        using var bed = new ProtoTestBed();
        var first = await bed.InstallAsync(bed.Request("2.0.0"));
        Assert.False(first.AlreadyInstalled);
        File.Delete(Path.Combine(bed.Directories.BinDir, "demo"));

        var again = await bed.InstallAsync(bed.Request("2"));
        Assert.True(again.AlreadyInstalled);
        Assert.Equal(first.Executables, again.Executables);
        Assert.Equal("demo 2.0.0", Run(Path.Combine(bed.Directories.BinDir, "demo")));
        Assert.Equal(1, bed.Server.Requests("/dist/demo-2.0.0.tar.gz"));
        Assert.Single(bed.Logs, l => l.Contains("post_install 2.0.0"));

        var forced = await bed.InstallAsync(bed.Request("2.0.0") with { Force = true });
        Assert.False(forced.AlreadyInstalled);
        Assert.True(forced.ReusedDownload);
        Assert.Equal(2, bed.Logs.Count(l => l.Contains("post_install 2.0.0")));
    }

    [Theory]
    [InlineData("hostile-dotdot.zip", "zip", "its path contains '..'")]
    [InlineData("hostile-symlink-then-write.tar", "tar.gz", "'escape'")]
    [InlineData("hostile-absolute.tar", "tar.gz", "absolute")]
    public async Task HostileArchivesAreRefused(string hostile, string format, string reason)
    {
        using var bed = new ProtoTestBed();
        bed.Server.Overrides[$"/dist/demo-1.2.5.{format}"] = File.ReadAllBytes(PluginHost.Plugins.Tests.TestSupport.Fixtures.Archive(hostile));
        var error = await Assert.ThrowsAsync<ToolInstallException>(() => bed.InstallAsync(bed.Request("1.2.5", new { format, checksums = "none", prefix = "" })));
        Assert.StartsWith("demo: unpack_archive: ", error.Message);
        Assert.Contains(reason, error.Message);
        Assert.False(Directory.Exists(bed.Directories.ToolDir("demo", "1.2.5")));
        Assert.Empty(Directory.EnumerateFiles(bed.Temp.Path, "evil*", SearchOption.AllDirectories));
        Assert.Contains(bed.Logs, l => l.Contains("has no checksum to verify"));
    }
}
