using PluginHost.Tests.Common;
using PluginHost.Nodes.Client;
using PluginHost.Shared.Runs;
using Xunit.Abstractions;
using static PluginHost.EndToEnd.Tests.Cluster.ClusterRun;

namespace PluginHost.EndToEnd.Tests.Cluster;

/// A `pluginhost node` process sent SIGTERM mid-run drains: it finishes the steps it runs, starts no more, leaves the
/// cluster (its shards move to the other member) and exits with 143, while the other node finishes the run.
[Collection(PostgresCollection.Name)]
public sealed class ClusterDrainTests(PostgresServerFixture server, ITestOutputHelper output)
{
    [Fact]
    public async Task ANodeSentSigtermFinishesItsStepsLeavesTheClusterAndExits()
    {
        var store = await server.CreateSchemaAsync();
        var nodes = new List<NodeProcess>();
        await WithNodesAsync(output, nodes, async () =>
        {
            await StartClusterAsync(nodes, store, ["d1", "d2"], "--runners", "2", "--drain-seconds", "10");
            await using var journal = await ClusterJournal.OpenAsync(store);
            using var client = new PluginHostClient(nodes[0].Url);
            await WaitUntilAsync(async () => (await client.ListNodesAsync()).Count(n => n.State == "up") == 2, "2 members up");
            var spec = new RunSpec("drain", "test", Enumerable.Range(0, 16).Select(i => new WorkItemSpec($"item-{i:00}", $"item {i}",
                [Builtin("work", "builtin:node-sleep", "1500")])).ToList());
            await client.SubmitAsync(spec);
            var host = nodes.Single(n => n.Output.Contains("Run drain (test) accepted", StringComparison.Ordinal));

            // Once d2 is in the middle of steps, SIGTERM it.
            HashSet<string> runningOnD2 = [];
            await WaitUntilAsync(async () =>
            {
                var entries = await journal.ReadAsync("drain");
                var completed = entries.Select(e => e.Event).OfType<StepCompleted>().Select(c => c.ItemId).ToHashSet();
                runningOnD2 = RanOn(entries).Where(p => p.Value == "d2" && !completed.Contains(p.Key)).Select(p => p.Key).ToHashSet();
                return runningOnD2.Count > 0;
            }, "d2 to run a step");
            var d2 = nodes[1];
            d2.Terminate();
            var terminatedAt = DateTimeOffset.UtcNow;

            var exitCode = await d2.WaitForExitAsync(TimeSpan.FromSeconds(30));
            Assert.True(exitCode == 143, $"d2 exit code {exitCode?.ToString() ?? "none: still running 30 s after SIGTERM"}");
            Assert.Contains("running steps finished", d2.Output);
            Assert.Contains("left the cluster", d2.Output);
            var exitedAfter = DateTimeOffset.UtcNow - terminatedAt;
            await WaitUntilAsync(async () => (await client.ListNodesAsync()).Select(n => n.NodeId).SequenceEqual(["d1"]), "d1 alone in the cluster");

            await WaitUntilAsync(() => journal.CompletedAsync("drain"), "the run to complete on d1", TimeSpan.FromMinutes(1));
            var all = await journal.ReadAsync("drain");
            AssertEveryItemSucceededOnce(all, 16);

            // The steps d2 was running were finished by d2: started once, one output (d2's).
            foreach (var item in runningOnD2)
            {
                var starts = all.Select(e => e.Event).OfType<StepStarted>().Count(s => s.ItemId == item);
                Assert.True(starts == 1, $"{item}: its step started {starts} times");
                Assert.Equal(["d2"], all.Select(e => e.Event).OfType<StepOutput>().Where(o => o.ItemId == item).Select(o => o.Data.Text));
            }
            var ranOn = RanOn(all);
            var afterLeave = all.Select(e => e.Event).OfType<StepStarted>().Where(s => s.Timestamp > terminatedAt + exitedAfter).Select(s => s.ItemId).ToList();
            Assert.All(afterLeave, i => Assert.Equal("d1", ranOn[i]));
            Assert.Contains("d1", ranOn.Values);
            output.WriteLine($"run hosted by {host.NodeId}; d2 ran {ranOn.Values.Count(v => v == "d2")} item(s) ({runningOnD2.Count} at SIGTERM) " +
                             $"and exited {exitedAfter.TotalSeconds:0.0} s after SIGTERM; d1 ran {ranOn.Values.Count(v => v == "d1")}");
        });
    }
}
