using PluginHost.Plugins.Proto.Install;

namespace PluginHost.Plugins.Tests.Proto;

/// <summary>No version requested: the plugin's version files (detect_version_files, parse_version_file) decide, walking
/// from the working directory up to the .prototools directory (the workspace).</summary>
public sealed class VersionDetectionTests
{
    private static ToolInstallRequest Unpinned(ProtoTestBed bed, string workingDir, string plugin = "tool") =>
        bed.Request(null, plugin: plugin) with { WorkingDirectory = workingDir };

    private static string Dir(ProtoTestBed bed, params string[] parts) =>
        Directory.CreateDirectory(Path.Combine([bed.Directories.Workspace, .. parts])).FullName;

    [Fact]
    public async Task AVersionFileInAParentOfTheWorkingDirectoryIsParsedByThePlugin()
    {
        using var bed = new ProtoTestBed();
        var cwd = Dir(bed, "apps", "web");
        File.WriteAllText(Path.Combine(bed.Directories.Workspace, "apps", ".demo-version"), "v1.2.0\n");

        var result = await bed.InstallAsync(Unpinned(bed, cwd));

        Assert.Equal("1.2.0", result.Version); // parse_version_file dropped the "v"
        Assert.Equal(Path.Combine(bed.Directories.Workspace, "apps", ".demo-version"), result.DetectedFrom);
    }

    [Fact]
    public async Task AFileTheParserFindsNoVersionInIsSkippedForTheNextOne()
    {
        using var bed = new ProtoTestBed();
        var cwd = Dir(bed, "pkg");
        File.WriteAllText(Path.Combine(cwd, ".demo-version"), "none");
        File.WriteAllText(Path.Combine(cwd, ".tool-versions"), "node 20.1.0\n");
        File.WriteAllText(Path.Combine(bed.Directories.Workspace, ".tool-versions"), "node 20.1.0\ndemo ~1.2.0\n");

        var result = await bed.InstallAsync(Unpinned(bed, cwd));

        Assert.Equal("1.2.5", result.Version);
        Assert.Equal(Path.Combine(bed.Directories.Workspace, ".tool-versions"), result.DetectedFrom);
    }

    [Fact]
    public async Task TheNearestDirectoryWinsOverTheFileOrder()
    {
        using var bed = new ProtoTestBed();
        var cwd = Dir(bed, "pkg");
        File.WriteAllText(Path.Combine(cwd, ".tool-versions"), "demo 1.0.0\n");
        File.WriteAllText(Path.Combine(bed.Directories.Workspace, ".demo-version"), "2.0.0");

        var result = await bed.InstallAsync(Unpinned(bed, cwd));

        Assert.Equal("1.0.0", result.Version);
    }

    [Fact]
    public async Task DirectoriesMatchingTheIgnoreListAreSkipped()
    {
        using var bed = new ProtoTestBed();
        var cwd = Dir(bed, "node_modules", "dep");
        File.WriteAllText(Path.Combine(cwd, ".demo-version"), "1.0.0");
        File.WriteAllText(Path.Combine(bed.Directories.Workspace, ".demo-version"), "2.0.0");

        var result = await bed.InstallAsync(Unpinned(bed, cwd));

        Assert.Equal("2.0.0", result.Version);
    }

    [Fact]
    public async Task WithoutParseVersionFileTheTrimmedContentIsTheVersion()
    {
        using var bed = new ProtoTestBed();
        File.WriteAllText(Path.Combine(Dir(bed), ".demo-version"), "  \n");
        File.WriteAllText(Path.Combine(bed.Directories.Workspace, ".tool-versions"), "\n ^1.0 \n");

        var result = await bed.InstallAsync(Unpinned(bed, bed.Directories.Workspace, "tool-noparser"));

        Assert.Equal("1.2.5", result.Version); // the empty .demo-version is skipped; "^1.0" is the requirement
    }

    [Fact]
    public async Task ARequestedVersionWinsOverVersionFiles()
    {
        using var bed = new ProtoTestBed();
        File.WriteAllText(Path.Combine(Dir(bed), ".demo-version"), "2.0.0");

        var result = await bed.InstallAsync(bed.Request("1.0.0"));

        Assert.Equal("1.0.0", result.Version);
        Assert.Null(result.DetectedFrom);
    }

    [Fact]
    public async Task VersionFilesAboveTheProtoToolsDirectoryAreNotRead()
    {
        using var bed = new ProtoTestBed();
        Dir(bed);
        File.WriteAllText(bed.Temp.Combine(".demo-version"), "2.0.0"); // the workspace's parent

        var error = await Assert.ThrowsAsync<ToolInstallException>(() => bed.InstallAsync(Unpinned(bed, bed.Directories.Workspace)));

        Assert.Equal("demo", error.Tool);
        Assert.Equal("detect_version_files", error.Function);
        Assert.StartsWith("demo: detect_version_files: no version to install: none in .prototools, none on the command line, " +
            $"none of its version files (.demo-version, .tool-versions) holds one in {bed.Directories.Workspace}; pin it (demo = \"1.2.3\") or run pluginhost install demo@VERSION", error.Message);
        Assert.False(Directory.Exists(Path.Combine(bed.Directories.ToolsDir, "demo")) && Directory.EnumerateDirectories(Path.Combine(bed.Directories.ToolsDir, "demo")).Any());
    }

    [Fact]
    public async Task APluginWithoutDetectVersionFilesNeedsAVersion()
    {
        using var bed = new ProtoTestBed();
        File.WriteAllText(Path.Combine(Dir(bed), ".demo-version"), "2.0.0");

        var error = await Assert.ThrowsAsync<ToolInstallException>(() => bed.InstallAsync(Unpinned(bed, bed.Directories.Workspace, "tool-nodetect")));

        Assert.Contains("demo: detect_version_files: no version to install", error.Message);
        Assert.Contains("the plugin names no version files (no detect_version_files)", error.Message);
    }

    [Fact]
    public void DirectoriesRunFromTheWorkingDirectoryUpToTheConfigDirectory()
    {
        Assert.Equal(["/w/a/b", "/w/a", "/w"], VersionFileDetector.Directories("/w/a/b", "/w"));
        Assert.Equal(["/w"], VersionFileDetector.Directories("/w/", "/w"));
        Assert.Equal(["/elsewhere", "/w"], VersionFileDetector.Directories("/elsewhere", "/w"));
    }
}
