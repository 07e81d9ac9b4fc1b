using static PluginHost.Tests.Common.TestRepo;

namespace PluginHost.EndToEnd.Tests.Cluster;

/// `pluginhost node` reads settings left off the command line from PLUGINHOST_* variables (deploy/k8s relies on it).
public sealed class NodeEnvironmentTests
{
    private static async Task<(int ExitCode, string Stderr)> Node(string[] args, Dictionary<string, string> environment)
    {
        using var process = Start(["node", .. args], environment);
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stderr);
    }

    [Theory]
    [InlineData("PLUGINHOST_CAPACITY", "abc", "pluginhost node: --capacity: expected a positive number, got 'abc'")]
    [InlineData("PLUGINHOST_LISTEN", "nope", "pluginhost node: --listen: expected HOST:PORT, got 'nope'")]
    public async Task ABadValueFromTheEnvironmentIsOneLineAndExit2(string name, string value, string expected)
    {
        var (exitCode, stderr) = await Node([], new() { [name] = value });
        Assert.Equal(2, exitCode);
        Assert.Equal(expected, stderr.Trim());
    }

    [Fact]
    public async Task AFlagWinsOverItsVariable()
    {
        var (exitCode, stderr) = await Node(["--capacity", "0"], new() { ["PLUGINHOST_CAPACITY"] = "abc" });
        Assert.Equal(2, exitCode);
        Assert.Equal("pluginhost node: --capacity: expected a positive number, got '0'", stderr.Trim());
    }
}
