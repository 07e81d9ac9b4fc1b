using PluginHost.Plugins.Proto.Install;

namespace PluginHost.Plugins.Tests.Proto;

public sealed class FailurePluginTests
{
    private static async Task<ToolInstallException> Fails(string plugin, TimeSpan? timeout = null)
    {
        using var bed = new ProtoTestBed();
        var request = bed.Request("1.0.0", plugin: plugin);
        if (timeout is { } t) request = request with { CallTimeout = t };
        var error = await Assert.ThrowsAsync<ToolInstallException>(() => bed.InstallAsync(request));
        Assert.Equal("demo", error.Tool);
        Assert.False(Directory.Exists(bed.Directories.ToolDir("demo", "1.0.0")), "a failed install leaves no install directory");
        Assert.Empty(Directory.EnumerateFileSystemEntries(bed.Directories.BinDir));
        return error;
    }

    [Fact]
    public async Task TrapNamesToolAndFunction()
    {
        var error = await Fails("fail-trap");
        Assert.StartsWith("demo: load_versions: plugin trapped: ", error.Message);
        Assert.Contains("unreachable", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task EndlessLoopIsInterruptedAtTheCallTimeout()
    {
        var error = await Fails("fail-loop", TimeSpan.FromMilliseconds(500));
        Assert.Equal("demo: load_versions: did not finish within 0.5 s (interrupted)", error.Message);
    }

    [Fact]
    public async Task EndlessLoopStopsWhenCancelled()
    {
        using var bed = new ProtoTestBed();
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var request = bed.Request("1.0.0", plugin: "fail-loop") with { CallTimeout = TimeSpan.FromMinutes(5) };
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => bed.InstallAsync(request, cts.Token));
    }

    [Fact]
    public async Task MalformedJsonIsReportedWithTheShape()
    {
        var error = await Fails("fail-malformed");
        Assert.StartsWith("demo: load_versions: returned malformed output: invalid LoadVersionsOutput JSON", error.Message);
    }

    [Fact]
    public async Task PluginErrorIsPassedOn()
    {
        var error = await Fails("fail-error");
        Assert.Equal("demo: download_prebuilt: no prebuilt for this platform (riscv128)", error.Message);
    }

    [Fact]
    public async Task MissingRequiredExportIsNamed()
    {
        var error = await Fails("fail-noexport");
        Assert.Equal("demo: download_prebuilt: the plugin does not export 'download_prebuilt'", error.Message);
    }

    [Fact]
    public async Task MissingExecutableIsNamed()
    {
        var error = await Fails("fail-badexe");
        Assert.StartsWith("demo: locate_executables: executable 'demo' at 'bin/missing-demo' does not exist in ", error.Message);
    }

    [Fact]
    public async Task InvalidModuleIsRejectedAtLoad()
    {
        using var bed = new ProtoTestBed();
        var request = bed.Request("1.0.0") with { Module = null, PluginBytes = [0, 0x61, 0x73, 0x6d, 2, 0, 0, 0] };
        var error = await Assert.ThrowsAsync<ToolInstallException>(() => bed.InstallAsync(request));
        Assert.StartsWith("demo: load: the plugin is not a valid wasm module: ", error.Message);
    }
}
