using PluginHost.Actors.Journal;
using PluginHost.Actors.Tests.Journal;
using PluginHost.Nodes.Client;
using PluginHost.Shared.Runs;
using Xunit.Abstractions;
using static PluginHost.EndToEnd.Tests.Cluster.ClusterRun;

namespace PluginHost.EndToEnd.Tests.Cluster;

/// Faults under real `pluginhost node` processes: the PostgreSQL server restarting, a node cut off from it.
[Collection(PostgresCollection.Name)]
public sealed class ClusterFaultTests(PostgresServerFixture shared, ITestOutputHelper output)
{
    [Fact]
    public async Task NodesRideOutAPostgresRestartAndTheRunCompletesWithNothingLost()
    {
        var server = new PostgresServer(); // its own server: this test stops it
        await server.StartNewAsync();
        var store = await server.CreateSchemaAsync();
        var nodes = new List<NodeProcess>();
        try
        {
            await WithNodesAsync(output, nodes, async () =>
            {
                string[] settings = ["--capacity", "4", "--lease-seconds", "5", "--heartbeat-seconds", "0.5", "--dead-after-seconds", "6"];
                foreach (var id in new[] { "p1", "p2" }) nodes.Add(await NodeProcess.StartAsync(store, id, settings));
                using var client = new PluginHostClient(nodes[0].Url);
                const int items = 120;
                await client.SubmitAsync(new RunSpec("restart", "test", Enumerable.Range(0, items).Select(i => new WorkItemSpec($"item-{i:000}", $"item {i}",
                [
                    Builtin("work", "builtin:sleep", "250"),
                    WasmStep("greet", "echo", $"item-{i:000}"),
                ])).ToList()));
                await using (var journal = await PostgresJournal.OpenAsync(store))
                    await WaitUntilAsync(async () => (await journal.ListRunsAsync())[0].ItemsSucceeded >= 20, "20 items done");

                await server.StopAsync();
                var stoppedAt = DateTimeOffset.UtcNow;
                await Task.Delay(TimeSpan.FromSeconds(2));
                await server.StartAsync();

                await using var after = await PostgresJournal.OpenAsync(store);
                await WaitUntilAsync(async () => (await after.ListRunsAsync())[0].State == RunState.Completed, "the run to complete", TimeSpan.FromMinutes(3));
                var entries = await after.ReadAsync("restart");
                AssertEveryItemSucceededOnce(entries, items);
                for (var i = 0; i < items; i++)
                {
                    var item = $"item-{i:000}";
                    Assert.Equal([item], entries.Select(e => e.Event).OfType<StepOutput>().Where(o => o.ItemId == item).Select(o => o.Data.Text));
                }
                Assert.Contains(entries, e => e.RecordedAt > stoppedAt && e.Event is ItemCompleted); // work went on after the restart
                Assert.All(nodes, n => Assert.False(n.HasExited, $"{n.NodeId} exited"));
                Assert.All(nodes, n => Assert.Contains("heartbeat failed", n.Output)); // the outage was felt, and ridden out
                output.WriteLine($"items completed after the restart: {entries.Count(e => e.RecordedAt > stoppedAt && e.Event is ItemCompleted)}; " +
                                 $"step restarts: {entries.Count(e => e.Event is StepStarted) - 2 * items}");
            });
        }
        finally
        {
            await server.StopAndDeleteAsync();
        }
    }

    [Fact]
    public async Task APartitionedNodeJournalsNothingForItemsTakenFromItWhileItWasCutOff()
    {
        var store = await shared.CreateSchemaAsync();
        var nodes = new List<NodeProcess>();
        await WithNodesAsync(output, nodes, async () =>
        {
            string[] settings = ["--capacity", "2", "--lease-seconds", "2", "--heartbeat-seconds", "0.5", "--dead-after-seconds", "3"];
            // q3 reaches the database through a relay the test can cut.
            await using var relay = new TcpRelay(shared.Port);
            var throughRelay = new Npgsql.NpgsqlConnectionStringBuilder(store) { Port = relay.Port }.ConnectionString;
            foreach (var id in new[] { "q1", "q2" }) nodes.Add(await NodeProcess.StartAsync(store, id, settings));
            nodes.Add(await NodeProcess.StartAsync(throughRelay, "q3", settings));
            await using var journal = await PostgresJournal.OpenAsync(store);
            using var client = new PluginHostClient(nodes[0].Url);
            const int items = 30; // the run outlasts the partition: q3 comes back while it still runs
            await client.SubmitAsync(new RunSpec("cut", "test", Enumerable.Range(0, items).Select(i => new WorkItemSpec($"item-{i:00}", $"item {i}",
            [
                Builtin("start", "builtin:node"),
                Builtin("work", "builtin:sleep", "2500"),
                Builtin("end", "builtin:node"),
            ])).ToList()));

            // Cut q3 off once it is in the middle of its items' long step.
            HashSet<string> held = [];
            await WaitUntilAsync(async () =>
            {
                var claimed = (await journal.ListItemsAsync("cut")).Where(i => i.State == WorkItemState.Claimed && i.OwnerNode == "q3").Select(i => i.ItemId).ToHashSet();
                var working = (await journal.ReadAsync("cut")).Select(e => e.Event).OfType<StepStarted>().Where(s => s.StepIndex == 1).Select(s => s.ItemId);
                held = claimed.Intersect(working).ToHashSet();
                return held.Count > 0;
            }, "q3 to run a long step");
            relay.Cut(); // no new connections from q3 ...
            var killed = await TerminateConnectionsAsync("pluginhost-node q3"); // ... and its sessions are gone server-side
            await Task.Delay(TimeSpan.FromSeconds(7)); // > lease (2 s) and dead-after (3 s): the others take q3's items
            relay.Restore();
            output.WriteLine($"q3 held {string.Join(", ", held)}; {killed} of its connections terminated; cut off for 7 s");

            await WaitUntilAsync(async () => (await journal.ListRunsAsync())[0].State == RunState.Completed, "the run to complete", TimeSpan.FromMinutes(2));
            // q3 comes back, tries to journal its late results, is refused, and rejoins; only then is the journal checked.
            await WaitUntilAsync(() => Task.FromResult(nodes[2].Output.Contains("lost its lease", StringComparison.Ordinal)), "q3 to find its items gone");
            await WaitUntilAsync(async () => (await journal.ListNodesAsync()).Single(n => n.NodeId == "q3").State == NodeState.Alive, "q3 to rejoin");
            await Task.Delay(TimeSpan.FromSeconds(3)); // q3 retries its stalled writes at most a second apart: give them time to be refused
            var entries = await journal.ReadAsync("cut");
            AssertEveryItemSucceededOnce(entries, items);
            foreach (var item in held)
            {
                var events = entries.Select(e => e.Event).OfType<StepEvent>().Where(e => e.ItemId == item).ToList();
                // Another node finished the item; q3's late results (its StepCompleted of the long step, its "end" output) were refused.
                var end = Assert.Single(events.OfType<StepOutput>(), o => o.StepIndex == 2);
                Assert.NotEqual("q3", end.Data.Text);
                Assert.Single(events.OfType<StepCompleted>(), c => c.StepIndex == 1);
                Assert.True(events.OfType<StepStarted>().Count(s => s.StepIndex == 1) >= 2, $"{item}: the long step was started once more by the taker");
            }
            Assert.False(nodes[2].HasExited);
        });
    }

    private async Task<int> TerminateConnectionsAsync(string applicationName)
    {
        await using var connection = new Npgsql.NpgsqlConnection(shared.AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(
            "SELECT count(*) FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = @name) t", connection);
        command.Parameters.AddWithValue("name", applicationName);
        return Convert.ToInt32(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
