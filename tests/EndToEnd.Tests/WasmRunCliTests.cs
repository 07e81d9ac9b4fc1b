using static PluginHost.Tests.Common.TestRepo;
namespace PluginHost.EndToEnd.Tests;

/// <summary>`pluginhost wasm run` run as a real process on the WASI fixture programs.</summary>
public sealed class WasmRunCliTests
{
    [Fact]
    public async Task ExitCodeIsTheGuestsExitCode()
    {
        var (exitCode, _, _) = await RunToEnd("wasm", "run", Fixture("wasi", "exitcode.wasm"), "--", "7");
        Assert.Equal(7, exitCode);
    }

    [Fact]
    public async Task ReadOnlyDirectoryIsMappedAtTheGuestPath()
    {
        var (exitCode, stdout, stderr) = await RunToEnd(
            "wasm", "run", Fixture("wasi", "walk.wasm"), "--dir", Fixture("wasi", "data") + "::/data:ro", "--", "/data/tree");
        Assert.True(exitCode == 0, stderr);
        Assert.Equal(File.ReadAllText(Fixture("wasi", "expected", "walk.txt")), stdout);
    }

    [Fact]
    public async Task TrapPrintsItsKindAndABacktraceWithFunctionNames()
    {
        var (exitCode, _, stderr) = await RunToEnd("wasm", "run", Fixture("wasi", "recurse.wasm"));
        Assert.Equal(134, exitCode);
        Assert.Contains("StackExhausted", stderr);
        Assert.Contains("wasm backtrace:", stderr);
        // recursion.wasm keeps its name section (built by wat2wasm): frames are named.
        (exitCode, _, stderr) = await RunToEnd("wasm", "run", Fixture("wat", "recursion.wasm"), "--invoke", "forever", "--", "1");
        Assert.Equal(134, exitCode);
        Assert.Contains("forever", stderr.Split("wasm backtrace:")[1]);
    }

    [Fact]
    public async Task TimeoutInterruptsAnInfiniteLoop()
    {
        var (exitCode, stdout, stderr) = await RunToEnd("wasm", "run", Fixture("wasi", "loop.wasm"), "--timeout", "300ms");
        Assert.Equal(134, exitCode);
        Assert.Equal("looping\n", stdout);
        Assert.Contains("Interrupted", stderr);
    }

    [Fact]
    public async Task InvokeCallsAnExportWithTypedArguments()
    {
        var (exitCode, stdout, stderr) = await RunToEnd("wasm", "run", Fixture("bench", "kernels.wasm"), "--invoke", "run_fib", "--", "20");
        Assert.True(exitCode == 0, stderr);
        Assert.Equal("6765\n", stdout);
    }

    [Fact]
    public async Task BadOptionsAreUsageErrors()
    {
        var (exitCode, _, stderr) = await RunToEnd("wasm", "run", Fixture("wasi", "loop.wasm"), "--max-memory", "lots");
        Assert.Equal(2, exitCode);
        Assert.Contains("does not start with a number", stderr);
    }
}
