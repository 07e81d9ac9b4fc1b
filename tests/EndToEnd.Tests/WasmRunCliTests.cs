using static PluginHost.Tests.Common.TestRepo;
namespace PluginHost.EndToEnd.Tests;

/// <summary>`pluginhost wasm run` run as a real process on the WASI fixture programs: every test runs against the CLI
/// (<see cref="WasmRunCliTests"/>) and the published Native AOT launcher (<see cref="Launcher.LauncherWasmRunTests"/>).</summary>
public abstract class WasmRunCliContract
{
    /// <summary>Runs `pluginhost ARGS` to its end and returns its exit code and output.</summary>
    protected abstract Task<(int ExitCode, string Stdout, string Stderr)> Run(params string[] args);

    [Fact]
    public async Task ExitCodeIsTheGuestsExitCode()
    {
        var (exitCode, _, _) = await Run("wasm", "run", Fixture("wasi", "exitcode.wasm"), "--", "7");
        Assert.Equal(7, exitCode);
    }

    [Fact]
    public async Task ReadOnlyDirectoryIsMappedAtTheGuestPath()
    {
        var (exitCode, stdout, stderr) = await Run(
            "wasm", "run", Fixture("wasi", "walk.wasm"), "--dir", Fixture("wasi", "data") + "::/data:ro", "--", "/data/tree");
        Assert.True(exitCode == 0, stderr);
        Assert.Equal(File.ReadAllText(Fixture("wasi", "expected", "walk.txt")), stdout);
    }

    [Fact]
    public async Task WasiPreview2CommandComponentsRunWithArgsEnvAReadOnlyDirAndTheDeadline()
    {
        var (exitCode, stdout, stderr) = await Run("wasm", "run", Fixture("components", "hello-command.wasm"));
        Assert.True(exitCode == 0, stderr);
        Assert.Equal("hello\n", stdout);
        (exitCode, stdout, stderr) = await Run("wasm", "run", Fixture("components", "c", "args.wasm"), "--env", "K=V", "--", "a", "b c");
        Assert.True(exitCode == 0, stderr);
        Assert.StartsWith("argc=3\narg[1]=a\narg[2]=b c\nenv=K=V\nenvc=1", stdout);
        (exitCode, stdout, stderr) = await Run(
            "wasm", "run", Fixture("components", "c", "walk.wasm"), "--dir", Fixture("wasi", "data") + "::/data:ro", "--", "/data/tree");
        Assert.True(exitCode == 0, stderr);
        Assert.Equal(File.ReadAllText(Fixture("wasi", "expected", "walk.txt")), stdout);
        (exitCode, stdout, stderr) = await Run("wasm", "run", Fixture("components", "c", "loop.wasm"), "--timeout", "300ms");
        Assert.Equal(134, exitCode);
        Assert.Equal("looping\n", stdout);
        Assert.Contains("error: wasm trap: Interrupt: plugin 'loop.wasm' exceeded its 0.3 s compute-time limit", stderr);
    }

    [Fact]
    public async Task TrapPrintsItsKindAndABacktraceWithFunctionNames()
    {
        var (exitCode, _, stderr) = await Run("wasm", "run", Fixture("wasi", "recurse.wasm"));
        Assert.Equal(134, exitCode);
        Assert.Contains("error: wasm trap: StackOverflow: plugin 'recurse.wasm' trapped: call stack exhausted", stderr);
        Assert.Contains("wasm backtrace:", stderr);
        // recursion.wasm keeps its name section (built by wat2wasm): frames are named.
        (exitCode, _, stderr) = await Run("wasm", "run", Fixture("wat", "recursion.wasm"), "--invoke", "forever", "--", "1");
        Assert.Equal(134, exitCode);
        Assert.Contains("forever", stderr.Split("wasm backtrace:")[1]);
    }

    [Fact]
    public async Task TimeoutInterruptsAnInfiniteLoop()
    {
        var (exitCode, stdout, stderr) = await Run("wasm", "run", Fixture("wasi", "loop.wasm"), "--timeout", "300ms");
        Assert.Equal(134, exitCode);
        Assert.Equal("looping\n", stdout);
        Assert.Contains("error: wasm trap: Interrupt: plugin 'loop.wasm' exceeded its 0.3 s compute-time limit", stderr);
    }

    [Fact]
    public async Task InvokeCallsAnExportWithTypedArguments()
    {
        var (exitCode, stdout, stderr) = await Run("wasm", "run", Fixture("bench", "kernels.wasm"), "--invoke", "run_fib", "--", "20");
        Assert.True(exitCode == 0, stderr);
        Assert.Equal("6765\n", stdout);
    }

    [Fact]
    public async Task BadOptionsAreUsageErrors()
    {
        var (exitCode, _, stderr) = await Run("wasm", "run", Fixture("wasi", "loop.wasm"), "--max-memory", "lots");
        Assert.Equal(2, exitCode);
        Assert.Contains("does not start with a number", stderr);
    }

    [Fact]
    public async Task FuelStopsAnInfiniteLoop()
    {
        var (exitCode, _, stderr) = await Run("wasm", "run", Fixture("wasi", "loop.wasm"), "--fuel", "1000000");
        Assert.Equal(134, exitCode);
        Assert.Contains("error: wasm trap: OutOfFuel: plugin 'loop.wasm' ran out of fuel (1000000 units)", stderr);
    }

    [Fact]
    public async Task MaxMemoryRefusesGrowthAndTheGuestSeesMallocFail()
    {
        var (exitCode, stdout, stderr) = await Run("wasm", "run", Fixture("wasi", "memhog.wasm"), "--max-memory", "16MiB");
        Assert.True(exitCode == 0, stderr);
        var last = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1];
        Assert.Matches(@"^allocated \d+ MiB$", last);
        Assert.InRange(int.Parse(last.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture), 8, 16);
    }

    [Fact]
    public async Task WritesToAReadOnlyDirectoryAreRefused()
    {
        var dir = Directory.CreateTempSubdirectory("wasm-run-ro-").FullName;
        try
        {
            var (_, stdout, _) = await Run("wasm", "run", Fixture("wasi", "files.wasm"), "--dir", dir + "::/out:ro", "--", "/out");
            // Wasmtime refuses with EPERM (the permission is missing from the preopen) where Linux would say EROFS.
            Assert.Matches(@"(EROFS|EPERM|ENOTCAPABLE)$", stdout.Split('\n').First(l => l.StartsWith("write a.txt", StringComparison.Ordinal)));
            Assert.DoesNotContain(" OK", stdout);
            Assert.Empty(Directory.EnumerateFileSystemEntries(dir));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task ASecondRunLoadsTheCompiledModuleFromTheCacheAndACorruptOneIsRecompiled()
    {
        var cache = Directory.CreateTempSubdirectory("wasm-run-cache-").FullName;
        try
        {
            string[] run = ["wasm", "run", Fixture("bench", "kernels-wasi.wasm"), "--cache", cache, "--timeout", "60s", "--", "fib:20:2", "sort:17"];
            var (exitCode, stdout, stderr) = await Run(run);
            Assert.True(exitCode == 0, stderr);
            Assert.Equal("fib 20 6765\nsort 17 329239702\n", stdout);
            var artifact = Assert.Single(Directory.GetFiles(cache, "*.cwasm"));
            var written = File.GetLastWriteTimeUtc(artifact);

            (exitCode, stdout, stderr) = await Run(run);
            Assert.True(exitCode == 0, stderr);
            Assert.Equal("fib 20 6765\nsort 17 329239702\n", stdout);
            Assert.Equal(written, File.GetLastWriteTimeUtc(artifact));   // loaded, not compiled and written again

            File.WriteAllBytes(artifact, [1, 2, 3]);
            (exitCode, stdout, stderr) = await Run(run);
            Assert.True(exitCode == 0, stderr);
            Assert.Equal("fib 20 6765\nsort 17 329239702\n", stdout);
            Assert.Empty(stderr);
            Assert.True(new FileInfo(artifact).Length > 3, "the corrupt artifact is replaced by a compiled one");
        }
        finally
        {
            Directory.Delete(cache, recursive: true);
        }
    }

    [Fact]
    public async Task NoCacheWritesNoArtifact()
    {
        var cache = Directory.CreateTempSubdirectory("wasm-run-nocache-").FullName;
        try
        {
            var (exitCode, stdout, stderr) = await Run("wasm", "run", Fixture("bench", "kernels-wasi.wasm"), "--cache", cache, "--no-cache", "--", "fib:10");
            Assert.True(exitCode == 0, stderr);
            Assert.Equal("fib 10 55\n", stdout);
            Assert.Empty(Directory.EnumerateFileSystemEntries(cache));
        }
        finally
        {
            Directory.Delete(cache, recursive: true);
        }
    }

    [Fact]
    public async Task AComponentThatIsNoCommandADirectoryOrAMissingFileIsOneClearLine()
    {
        var (exitCode, _, stderr) = await Run("wasm", "run", Fixture("components", "text", "graph.wasm"));
        Assert.Equal(1, exitCode);
        Assert.Equal("pluginhost wasm run: graph.wasm is a component that exports no wasi:cli/run@0.2.0 (it is not a WASI 0.2 command)", stderr.Trim());
        (exitCode, _, stderr) = await Run("wasm", "run", Fixture("components", "hello-command.wasm"), "--invoke", "run");
        Assert.Equal(2, exitCode);
        Assert.Contains("--invoke calls an export of a core module; hello-command.wasm is a component", stderr);
        (exitCode, _, stderr) = await Run("wasm", "run", Fixture("wasi"));
        Assert.Equal(2, exitCode);
        Assert.Equal($"pluginhost wasm run: {Fixture("wasi")} is a directory, not a .wasm file", stderr.Trim());
        (exitCode, _, stderr) = await Run("wasm", "run", Fixture("wasi", "nope.wasm"));
        Assert.Equal(2, exitCode);
        Assert.Equal($"pluginhost wasm run: file not found: {Fixture("wasi", "nope.wasm")}", stderr.Trim());
        (exitCode, _, stderr) = await Run("wasm", "run", Fixture("wasi", "steps.c"));
        Assert.Equal(1, exitCode);
        Assert.Equal("pluginhost wasm run: steps.c is not a WebAssembly module (no \\0asm header)", stderr.Trim());
    }
}

/// <summary>The contract on the CLI as built (`pluginhost.dll` on the .NET runtime).</summary>
public sealed class WasmRunCliTests : WasmRunCliContract
{
    /// <inheritdoc />
    protected override Task<(int ExitCode, string Stdout, string Stderr)> Run(params string[] args) => RunToEnd(args);
}
