using static PluginHost.Tests.Common.TestRepo;
namespace PluginHost.EndToEnd.Tests;

/// <summary>`pluginhost sync` with bad node options, as a real process: one line and exit 2, never a stack trace.</summary>
public sealed class SyncOptionErrorTests
{
    [Theory]
    [InlineData("--log-level", "bogus", "--log-level: expected verbose, debug, information, warning, error or fatal, got 'bogus'")]
    [InlineData("--runners", "0", "--runners: expected a whole number, 1 or more, got '0'")]
    [InlineData("--drain-seconds", "-1", "--drain-seconds: expected a number of seconds, 0 or more, got '-1'")]
    public async Task ABadNodeOptionIsOneLineAndExit2(string option, string value, string expected)
    {
        var project = Path.Combine(RepoRoot(), "examples", "icp-hello");
        var data = Directory.CreateTempSubdirectory("pluginhost-sync-options-").FullName;
        try
        {
            var (exitCode, _, stderr) = await RunToEnd(
                "sync", "--project", project, "--environment", "local", "--dry-run", "--data-dir", data, option, value);
            Assert.Equal(2, exitCode);
            var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.Equal("pluginhost sync: " + expected, line);
            Assert.DoesNotContain("Exception", stderr);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }
}
