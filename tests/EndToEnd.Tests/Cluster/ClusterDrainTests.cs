using PluginHost.Actors.Journal;
using PluginHost.Actors.Tests.Journal;
using PluginHost.Nodes.Client;
using PluginHost.Shared.Runs;
using Xunit.Abstractions;
using static PluginHost.EndToEnd.Tests.Cluster.ClusterRun;

namespace PluginHost.EndToEnd.Tests.Cluster;

/// A `pluginhost node` process sent SIGTERM mid-run drains: it finishes the items it runs, claims nothing more, leaves
/// the cluster and exits by itself, while the other node finishes the run.
[Collection(PostgresCollection.Name)]
public sealed class ClusterDrainTests(PostgresServerFixture server, ITestOutputHelper output)
{
    [Fact]
    public async Task ANodeSentSigtermFinishesItsItemsLeavesTheClusterAndExits()
    {
        var store = await server.CreateSchemaAsync();
        var nodes = new List<NodeProcess>();
        await WithNodesAsync(output, nodes, async () =>
        {
            foreach (var id in new[] { "d1", "d2" }) nodes.Add(await NodeProcess.StartAsync(store, id, "--capacity", "2", "--lease-seconds", "5"));
            await using var journal = await PostgresJournal.OpenAsync(store);
            using var client = new PluginHostClient(nodes[0].Url);
            var spec = new RunSpec("drain", "test", Enumerable.Range(0, 16).Select(i => new WorkItemSpec($"item-{i:00}", $"item {i}",
            [
                Builtin("whoami", "builtin:node"),
                Builtin("work", "builtin:sleep", "1500"),
            ])).ToList());
            await client.SubmitAsync(spec);

            // Once d2 is in the middle of items, SIGTERM it.
            IReadOnlyList<string> runningOnD2 = [];
            await WaitUntilAsync(async () =>
            {
                runningOnD2 = (await journal.ListItemsAsync("drain"))
                    .Where(i => i.State == WorkItemState.Claimed && i.OwnerNode == "d2").Select(i => i.ItemId).ToList();
                return runningOnD2.Count > 0;
            }, "d2 to run an item");
            var d2 = nodes[1];
            d2.Terminate();

            var exitCode = await d2.WaitForExitAsync(TimeSpan.FromSeconds(30));
            Assert.True(exitCode == 0, $"d2 exit code {exitCode?.ToString() ?? "none: still running 30 s after SIGTERM"}");
            Assert.Contains("left the cluster", d2.Output);
            var d2Record = (await journal.ListNodesAsync()).Single(n => n.NodeId == "d2");
            Assert.Equal(NodeState.Left, d2Record.State);

            await WaitUntilAsync(async () => (await journal.ListRunsAsync()).Single(r => r.RunId == "drain").State == RunState.Completed,
                "the run to complete on d1", TimeSpan.FromMinutes(2));
            var entries = await journal.ReadAsync("drain");
            AssertEveryItemSucceededOnce(entries, 16);

            // The items d2 was running were finished by d2 (one start of their work step, no hand-over to d1).
            foreach (var item in runningOnD2)
            {
                var workStarts = entries.Select(e => e.Event).OfType<StepStarted>().Count(s => s.ItemId == item && s.StepIndex == 1);
                Assert.True(workStarts <= 1, $"{item}: the work step started {workStarts} times");
                var whoami = entries.Select(e => e.Event).OfType<StepOutput>().Single(o => o.ItemId == item && o.StepIndex == 0);
                Assert.Equal("d2", whoami.Data.Text);
            }
            // d2 claimed nothing after it left: every item run by d2 finished before d2's exit was observed.
            var byD2 = entries.Select(e => e.Event).OfType<StepOutput>().Where(o => o.StepIndex == 0 && o.Data.Text == "d2").Select(o => o.ItemId).ToHashSet();
            var d1Items = entries.Select(e => e.Event).OfType<StepOutput>().Where(o => o.StepIndex == 0 && o.Data.Text == "d1").Select(o => o.ItemId).ToHashSet();
            Assert.Equal(16, byD2.Count + d1Items.Count);
            Assert.NotEmpty(d1Items);
            output.WriteLine($"d2 ran {byD2.Count} item(s) ({runningOnD2.Count} at SIGTERM), d1 ran {d1Items.Count}");
        });
    }
}
