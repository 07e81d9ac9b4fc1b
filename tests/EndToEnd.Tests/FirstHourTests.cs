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
    [InlineData("wasm", "pluginhost: Required command was not provided.", "pluginhost wasm --help")]
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
}
