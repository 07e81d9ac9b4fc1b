using PluginHost.Plugins.Proto.Install;

namespace PluginHost.Plugins.Tests.Proto;

/// <summary>The install layout (DATA/tools/ID/VERSION, DATA/bin), the hooks' order, and the tool manifest with sync_manifest.</summary>
public sealed class ManifestAndHooksTests
{
    private static int IndexOf(ProtoTestBed bed, string call) =>
        bed.Logs.ToList().FindIndex(l => l.StartsWith($"demo tracing {call}", StringComparison.Ordinal));

    [Fact]
    public async Task InstallsGoToDataToolsIdVersionWithBinsInDataBin()
    {
        using var bed = new ProtoTestBed();
        var result = await bed.InstallAsync(bed.Request("2.0.0"));

        var data = bed.Directories.DataDir;
        Assert.Equal(Path.Combine(data, "tools", "demo", "2.0.0"), result.InstallDir);
        Assert.True(File.Exists(Path.Combine(data, "tools", "demo", "2.0.0", "bin", "demo")));
        Assert.Equal([Path.Combine(data, "bin", "demo")], result.LinkedBins);
        Assert.Equal(Path.Combine(data, "tools", "demo", "2.0.0", "bin", "demo"), new FileInfo(Path.Combine(data, "bin", "demo")).LinkTarget);
        // The plugin's /proto/bin is DATA/bin.
        Assert.Contains($"demo tracing post_install 2.0.0 bin={Path.Combine(data, "bin")} {{\"from\":\"plugin\"}}", bed.Logs);
    }

    [Fact]
    public async Task HooksRunInProtosOrderAndSyncManifestLast()
    {
        using var bed = new ProtoTestBed();
        await bed.InstallAsync(bed.Request("2.0.0"));

        var order = new[] { "pre_install", "download_prebuilt", "locate_executables", "post_install", "sync_manifest 2.0.0" }.Select(c => IndexOf(bed, c)).ToArray();
        Assert.All(order, i => Assert.True(i >= 0, string.Join("\n", bed.Logs)));
        Assert.Equal(order.Order(), order);
    }

    [Fact]
    public async Task TheManifestRecordsEveryInstalledVersion()
    {
        using var bed = new ProtoTestBed();
        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await bed.InstallAsync(bed.Request("1.0.0"));
        await bed.InstallAsync(bed.Request("2.0.0"));

        var path = bed.Directories.ManifestPath("demo");
        Assert.Equal(Path.Combine(bed.Directories.DataDir, "tools", "demo", "manifest.json"), path);
        var manifest = ToolManifest.Load(path);
        Assert.Equal(["1.0.0", "2.0.0"], manifest.InstalledVersions);
        Assert.All(manifest.Versions.Values, v => Assert.InRange(v.InstalledAt, before, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));
        Assert.Contains("\"installed_versions\"", File.ReadAllText(path));
    }

    [Fact]
    public async Task SyncManifestVersionsReplaceTheInstalledSet()
    {
        using var bed = new ProtoTestBed();
        await bed.InstallAsync(bed.Request("1.0.0"));
        var first = ToolManifest.Load(bed.Directories.ManifestPath("demo")).Versions["1.0.0"].InstalledAt;

        await bed.InstallAsync(bed.Request("2.0.0", new { sync_versions = "1.0.0,9.9.9" }));

        var manifest = ToolManifest.Load(bed.Directories.ManifestPath("demo"));
        Assert.Equal(["1.0.0", "9.9.9"], manifest.InstalledVersions); // the plugin's list, even without the version just installed
        Assert.Equal(first, manifest.Versions["1.0.0"].InstalledAt);
        Assert.Equal(0, manifest.Versions["9.9.9"].InstalledAt);
    }

    [Fact]
    public async Task AnAlreadyInstalledVersionIsNotSyncedAgain()
    {
        using var bed = new ProtoTestBed();
        await bed.InstallAsync(bed.Request("2.0.0"));
        var again = await bed.InstallAsync(bed.Request("2.0.0"));

        Assert.True(again.AlreadyInstalled);
        Assert.Single(bed.Logs, l => l.StartsWith("demo tracing sync_manifest", StringComparison.Ordinal));
        Assert.Single(bed.Logs, l => l.StartsWith("demo tracing pre_install", StringComparison.Ordinal));
        Assert.Equal(["2.0.0"], ToolManifest.Load(bed.Directories.ManifestPath("demo")).InstalledVersions);
    }

    [Fact]
    public async Task AMalformedManifestFailsNamingTheFile()
    {
        using var bed = new ProtoTestBed();
        var path = bed.Directories.ManifestPath("demo");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "{\"installed_versions\": 3}");

        var error = await Assert.ThrowsAsync<ToolInstallException>(() => bed.InstallAsync(bed.Request("2.0.0")));

        Assert.StartsWith($"demo: sync_manifest: {path}: not a tool manifest", error.Message);
        Assert.False(Directory.Exists(bed.Directories.ToolDir("demo", "2.0.0")));
    }
}
