using PluginHost.Nodes.Client;
using PluginHost.Shared.Runs;
using PluginHost.Tests.Common;
using Xunit.Abstractions;
using static PluginHost.EndToEnd.Tests.Cluster.ClusterRun;

namespace PluginHost.EndToEnd.Tests.Cluster;

/// Two `pluginhost node` processes on one PostgreSQL server, which is stopped in the middle of a run and started again.
[Collection(PostgresCollection.Name)]
public sealed class ClusterStoreOutageTests(PostgresServerFixture server, ITestOutputHelper output)
{
    private const int Items = 60;

    [Fact]
    public async Task ARunOutlivesAPostgresRestartAndEveryItemCompletesOnce()
    {
        var store = await server.CreateSchemaAsync();
        var nodes = new List<NodeProcess>();
        var down = false;
        try
        {
            await WithNodesAsync(output, nodes, async () =>
            {
                await StartClusterAsync(nodes, store, ["p1", "p2"], "--runners", "2");
                using var client = new PluginHostClient(nodes[0].Url);
                await WaitUntilAsync(async () => (await client.ListNodesAsync()).Count(n => n.State == "up") == 2, "2 members up");
                var spec = new RunSpec("outage", "test", Enumerable.Range(0, Items).Select(i => new WorkItemSpec($"item-{i:00}", $"item {i}",
                    [Builtin("work", "builtin:node-sleep", "1000")])).ToList());
                await client.SubmitAsync(spec);
                int doneAtStop;
                await using (var journal = await ClusterJournal.OpenAsync(store))
                {
                    await WaitUntilAsync(async () => await journal.DoneAsync("outage") >= 8, "8 items done");
                    doneAtStop = await journal.DoneAsync("outage");
                }
                output.WriteLine($"{DateTimeOffset.UtcNow:HH:mm:ss.fff} stopping PostgreSQL with {doneAtStop} of {Items} items done");
                Assert.True(doneAtStop < Items - 20, $"{doneAtStop} items were done before the outage");
                await server.StopAsync();
                output.WriteLine($"{DateTimeOffset.UtcNow:HH:mm:ss.fff} stopped");
                down = true;
                await Task.Delay(TimeSpan.FromSeconds(3));
                await server.StartAsync();
                down = false;
                output.WriteLine($"{DateTimeOffset.UtcNow:HH:mm:ss.fff} started again");

                await using var after = await ClusterJournal.OpenAsync(store);
                await WaitUntilAsync(() => after.CompletedAsync("outage"), "the run to complete after the restart", TimeSpan.FromMinutes(2));
                AssertEveryItemSucceededOnce(await after.ReadAsync("outage"), Items);
                // The outage hit the run: its entity failed a journal write and came back from the journal.
                Assert.Contains(nodes, n => n.Output.Contains("Run outage stopped:", StringComparison.Ordinal));
                Assert.Equal(2, (await client.ListNodesAsync()).Count(n => n.State == "up"));
            });
        }
        finally
        {
            if (down) await server.StartAsync(); // later tests of the collection need it
        }
    }
}
