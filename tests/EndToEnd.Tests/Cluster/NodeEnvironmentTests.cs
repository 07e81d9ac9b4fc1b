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
    [InlineData("PLUGINHOST_RUNNERS", "abc", "pluginhost node: --runners: expected a positive number, got 'abc'")]
    [InlineData("PLUGINHOST_SEEDS", "nope", "pluginhost node: --seed: expected akka.tcp://pluginhost@host:port or host:port, got 'nope'")]
    [InlineData("PLUGINHOST_DISCOVERY", "k8s:x", "pluginhost node: --discovery: expected dns:NAME (a headless Service), got 'k8s:x'")]
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
        var (exitCode, stderr) = await Node(["--runners", "0"], new() { ["PLUGINHOST_RUNNERS"] = "abc" });
        Assert.Equal(2, exitCode);
        Assert.Equal("pluginhost node: --runners: expected a positive number, got '0'", stderr.Trim());
    }

    [Fact]
    public async Task APortInUseIsOneLineAndExit1()
    {
        using var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        var port = ((System.Net.IPEndPoint)taken.LocalEndpoint).Port;
        var store = Directory.CreateTempSubdirectory("pluginhost-port-in-use-").FullName;
        try
        {
            using var process = Start(["node", "--store", store, "--listen", $"127.0.0.1:{port}", "--port", $"{NodeProcess.FreePort()}"]);
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.Equal(1, process.ExitCode);
            Assert.DoesNotContain("Hosting failed", await stdout + stderr);
            Assert.Equal($"pluginhost node: cannot listen on 127.0.0.1:{port}: Failed to bind to address http://127.0.0.1:{port}: address already in use.", stderr.Trim());
        }
        finally { Directory.Delete(store, recursive: true); }
    }
}
