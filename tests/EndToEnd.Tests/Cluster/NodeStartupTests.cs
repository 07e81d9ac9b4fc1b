using PluginHost.Tests.Common;
using Xunit.Abstractions;

namespace PluginHost.EndToEnd.Tests.Cluster;

/// `pluginhost node` started before what it needs (a seed node, PostgreSQL): one line saying it retries, it comes up
/// once that is there, and a signal while it waits stops it in one line.
public sealed class NodeStartupTests(ITestOutputHelper output) : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("pluginhost-node-startup-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    /// Asserts the node's output shows no stack trace and no unhandled or fatal error.
    internal static void HasNoStackTrace(string text)
    {
        foreach (var marker in new[] { "   at ", "Unhandled exception", "[FTL]" }) Assert.DoesNotContain(marker, text);
    }

    private static string Lines(string text, string containing) =>
        string.Join('\n', text.Split('\n').Where(l => l.Contains(containing, StringComparison.Ordinal)).Select(l => l.TrimEnd('\r')));

    [Fact]
    public async Task AnUnreachableSeedIsOneLineAndTheNodeJoinsOnceTheSeedIsUp()
    {
        var seedPort = NodeProcess.FreePort();
        var seed = $"akka.tcp://pluginhost@127.0.0.1:{seedPort}";
        await using var late = NodeProcess.Launch(Path.Combine(dir, "late"), "late", NodeProcess.FreePort(), "--seed", seed);
        NodeProcess? first = null;
        try
        {
            await late.WaitForOutputAsync("no seed node answers yet", TimeSpan.FromSeconds(45));
            first = NodeProcess.Launch(Path.Combine(dir, "first"), "first", seedPort);
            await first.WaitReadyAsync(TimeSpan.FromSeconds(60));
            await late.WaitReadyAsync(TimeSpan.FromSeconds(60));

            var notice = Lines(late.Output, "no seed node answers yet");
            Assert.EndsWith($"[late] [WRN] no seed node answers yet ({seed}): retrying for up to 60 s; " +
                            "check that a seed is running and reachable on its remoting port", notice);
            Assert.DoesNotContain('\n', notice);
            Assert.DoesNotContain("Couldn't join seed nodes", late.Output);
            Assert.DoesNotContain("AssociationError", late.Output);
            NodeStartupTests.HasNoStackTrace(late.Output);
        }
        finally
        {
            output.WriteLine(late.Output);
            if (first is not null) await first.DisposeAsync();
        }
    }

    [Fact]
    public async Task SigtermWhileWaitingForAnUnreachableSeedStopsTheNodeInOneLine()
    {
        var seed = $"akka.tcp://pluginhost@127.0.0.1:{NodeProcess.FreePort()}";
        await using var node = NodeProcess.Launch(Path.Combine(dir, "store"), "waiting", NodeProcess.FreePort(), "--seed", seed);
        await node.WaitForOutputAsync("no seed node answers yet", TimeSpan.FromSeconds(45));

        node.Terminate();

        Assert.Equal(143, await node.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        output.WriteLine(node.Output);
        Assert.Equal("pluginhost node: stopped before the node was up", node.Stderr.Trim());
        NodeStartupTests.HasNoStackTrace(node.Output);
    }
}

/// `pluginhost node --store postgres://...` while PostgreSQL is down.
[Collection(PostgresCollection.Name)]
public sealed class NodeStoreStartupTests(PostgresServerFixture server, ITestOutputHelper output)
{
    [Fact]
    public async Task PostgresDownAtStartIsOneLineAndTheNodeStartsOnceItIsUp()
    {
        var store = await server.CreateSchemaAsync();
        await server.StopAsync();
        var down = true;
        try
        {
            await using var node = NodeProcess.Launch(store, "pg-late", NodeProcess.FreePort());
            await node.WaitForOutputAsync("is not reachable yet", TimeSpan.FromSeconds(45));
            await server.StartAsync();
            down = false;
            await node.WaitReadyAsync(TimeSpan.FromSeconds(60));
            output.WriteLine(node.Output);

            var notice = Assert.Single(node.Output.Split('\n'), l => l.Contains("is not reachable yet", StringComparison.Ordinal)).TrimEnd('\r');
            Assert.Contains("[pg-late] the store postgres Host=127.0.0.1;", notice);
            Assert.Contains($"Port={server.Port}", notice);
            Assert.EndsWith("s; check that PostgreSQL is running and --store is right", notice);
            Assert.Contains("retrying every second for up to 60 s", notice);
            Assert.DoesNotContain("Password", notice, StringComparison.OrdinalIgnoreCase);
            Assert.Equal("", node.Stderr);
            NodeStartupTests.HasNoStackTrace(node.Output);
        }
        finally
        {
            if (down) await server.StartAsync(); // later tests of the collection need it
        }
    }
}
