using static PluginHost.Tests.Common.TestRepo;
namespace PluginHost.EndToEnd.Tests;

/// <summary>What a new user meets first, as a real process: the bundled example spec, parse errors in words, help.</summary>
public sealed class FirstHourTests
{
    [Fact]
    public async Task TheExampleRunSpecRunsFromAnyFolder()
    {
        var data = Directory.CreateTempSubdirectory("pluginhost-example-run-").FullName;
        try
        {
            var spec = Path.Combine(RepoRoot(), "examples", "runs", "hello.json");
            var (exitCode, stdout, stderr) = await RunToEnd("run", spec, "--data-dir", data);
            Assert.True(exitCode == 0, stderr);
            Assert.Contains("run hello completed: 2 succeeded, 0 failed", stdout);

            var (showCode, show, _) = await RunToEnd("runs", "show", "hello", "--data-dir", data);
            Assert.Equal(0, showCode);
            Assert.Contains("stdout: hello", show);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Theory]
    [InlineData("run --runners abc x.json", "pluginhost: --runners: expected a whole number, got 'abc'", "pluginhost run --help")]
    [InlineData("run --drain-seconds soon x.json", "pluginhost: --drain-seconds: expected a number, got 'soon'", "pluginhost run --help")]
    [InlineData("runs --runners 2", "pluginhost: Unrecognized command or argument '--runners'.", "pluginhost runs --help")]
    public async Task AParseErrorSaysWhatWasExpectedAndWhichHelpToRead(string args, string firstLine, string help)
    {
        var (exitCode, _, stderr) = await RunToEnd(args.Split(' '));

        Assert.Equal(2, exitCode);
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(firstLine, lines[0]);
        Assert.Equal($"Run '{help}' for usage.", lines[^1]);
        Assert.DoesNotContain("System.", stderr);
    }

    [Fact]
    public async Task WasmAloneShowsTheWasmHelp()
    {
        var (exitCode, stdout, stderr) = await RunToEnd("wasm");

        Assert.True(exitCode == 0, stdout + stderr);
        Assert.Contains("pluginhost wasm [command] [options]", stdout);
        Assert.Contains("run <", stdout);
        Assert.Equal("", stderr);
    }

    [Theory]
    [InlineData("sync")]
    [InlineData("run")]
    [InlineData("install")]
    public async Task HelpShowsEachDefaultOnce(string command)
    {
        var (exitCode, stdout, _) = await RunToEnd(command, "--help");

        Assert.Equal(0, exitCode);
        foreach (var line in stdout.Split('\n'))
            Assert.False(line.Contains("(default", StringComparison.Ordinal) && line.Contains("[default:", StringComparison.Ordinal), line);
    }

    [Fact]
    public async Task TheCommandListShowsOptionalArgumentsAsOptional()
    {
        var (exitCode, stdout, _) = await RunToEnd("--help");
        var (wasmCode, wasm, _) = await RunToEnd("wasm", "--help");

        Assert.Equal((0, 0), (exitCode, wasmCode));
        var rows = stdout.Split('\n').Select(l => l.Trim()).ToList();
        Assert.Contains(rows, r => r.StartsWith("sync [<CANISTER>...]  ", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.StartsWith("install [<TOOL>...]  ", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.StartsWith("resume [<RUN>]  ", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.StartsWith("run <SPEC>  ", StringComparison.Ordinal));
        Assert.Contains("run <FILE> [<ARGS>...]  Run a WASI preview1 command module or a WASI 0.2 command component", wasm);
        // The descriptions stay in one column.
        var columns = stdout.Split('\n').SkipWhile(l => l != "Commands:").Skip(1).TakeWhile(l => l.StartsWith("  ", StringComparison.Ordinal))
            .Select(l => l.IndexOf("  ", 2, StringComparison.Ordinal) is var gap and > 0 ? l.Length - l[gap..].TrimStart().Length : -1).Distinct();
        Assert.Single(columns);
    }

    [Fact]
    public async Task PluginhostDataDirSetsTheDataDirectoryOfEveryCommand()
    {
        var data = Directory.CreateTempSubdirectory("pluginhost-data-dir-env-").FullName;
        try
        {
            var env = new Dictionary<string, string> { ["PLUGINHOST_DATA_DIR"] = data };
            var spec = Path.Combine(RepoRoot(), "examples", "runs", "hello.json");
            var (exitCode, _, stderr) = await RunToEnd(["run", spec], env);
            Assert.True(exitCode == 0, stderr);
            Assert.True(Directory.EnumerateFileSystemEntries(data).Any(), "the run wrote nothing into $PLUGINHOST_DATA_DIR");

            var (listCode, list, _) = await RunToEnd(["runs"], env);
            Assert.Equal(0, listCode);
            Assert.Contains("hello", list);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task StoreAndDataDirTogetherAreOneLineAndExit2()
    {
        var (exitCode, _, stderr) = await RunToEnd("node", "--store", "postgres://u@127.0.0.1:1/db", "--data-dir", "x");

        Assert.Equal(2, exitCode);
        Assert.Equal("pluginhost node: give --store (a shared PostgreSQL store) or --data-dir (the embedded store), not both", stderr.Trim());
    }

    [Fact]
    public async Task NodesWithoutAServerSaysToGiveOneAndExits2()
    {
        var (exitCode, _, stderr) = await RunToEnd("nodes");

        Assert.Equal(2, exitCode);
        Assert.Equal("pluginhost nodes: --server: give the HTTP address of a node (membership is not kept in the store)", stderr.Trim());
    }
}
