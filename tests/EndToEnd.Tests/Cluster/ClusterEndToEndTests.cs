using PluginHost.Tests.Common;
using PluginHost.Nodes.Client;
using PluginHost.Shared.Runs;
using Xunit.Abstractions;
using static PluginHost.EndToEnd.Tests.Cluster.ClusterRun;

namespace PluginHost.EndToEnd.Tests.Cluster;

/// Three `pluginhost node` processes (an Akka.NET cluster) on one PostgreSQL server; one is SIGKILLed in the middle
/// of a 300-item run: the one hosting the run's entity, or one only running its steps.
[Collection(PostgresCollection.Name)]
public sealed class ClusterEndToEndTests(PostgresServerFixture server, ITestOutputHelper output)
{
    private const int Items = 300;
    private static readonly TimeSpan Failover = TimeSpan.FromSeconds(15);

    [Fact]
    public Task ARunSurvivesTheKillOfTheNodeHostingIt() => KillMidRunAsync(killEntityHost: true);

    [Fact]
    public Task ItemsOutOnAKilledNodeRunAgainOnTheOthers() => KillMidRunAsync(killEntityHost: false);

    private async Task KillMidRunAsync(bool killEntityHost)
    {
        var store = await server.CreateSchemaAsync();
        var nodes = new List<NodeProcess>();
        await WithNodesAsync(output, nodes, async () =>
        {
            await StartClusterAsync(nodes, store, ["n1", "n2", "n3"], "--runners", "2");
            await using var journal = await ClusterJournal.OpenAsync(store);
            using var client = new PluginHostClient(nodes[0].Url);
            await WaitUntilAsync(async () => (await client.ListNodesAsync()).Count(n => n.State == "up") == 3, "3 members up");

            var spec = new RunSpec("big", "sync", Enumerable.Range(0, Items).Select(i => new WorkItemSpec($"item-{i:000}", $"item {i}",
            [Builtin("work", "builtin:node-sleep", "150")])).ToList());
            await client.SubmitAsync(spec);
            // The entity's node logs the acceptance; its output is read asynchronously, so wait for the line.
            await WaitUntilAsync(() => Task.FromResult(nodes.Any(n => n.Output.Contains("Run big (sync) accepted", StringComparison.Ordinal))), "the run's host to log its acceptance");
            var host = nodes.Single(n => n.Output.Contains("Run big (sync) accepted", StringComparison.Ordinal));

            // Let all three nodes work, then kill one.
            await WaitUntilAsync(async () => await journal.DoneAsync("big") >= 60, "60 items done");
            var victim = killEntityHost ? host : nodes.First(n => n != host);
            victim.Kill();
            var killedAt = DateTimeOffset.UtcNow;
            var before = await journal.ReadAsync("big");
            var done = before.Select(e => e.Event).OfType<ItemCompleted>().Select(c => c.ItemId).ToHashSet();
            var heldByVictim = RanOn(before).Where(p => p.Value == victim.NodeId && !done.Contains(p.Key)).Select(p => p.Key).ToHashSet();
            var survivor = nodes.First(n => n != victim);

            await WaitUntilAsync(() => journal.CompletedAsync("big"), "the run to complete", TimeSpan.FromMinutes(2));
            var entries = await journal.ReadAsync("big");
            AssertEveryItemSucceededOnce(entries, Items);
            var ranOn = RanOn(before);
            Assert.Equal(["n1", "n2", "n3"], ranOn.Values.Distinct().Order());

            // The first event journaled after the kill, and when each item the victim held started again elsewhere.
            var resumedAfter = entries.Skip(before.Count).Select(e => e.Event.Timestamp).DefaultIfEmpty(killedAt).Min() - killedAt;
            var restarts = entries.Skip(before.Count).Select(e => e.Event).OfType<StepStarted>().Where(s => heldByVictim.Contains(s.ItemId))
                .GroupBy(s => s.ItemId).ToDictionary(g => g.Key, g => g.Min(s => s.Timestamp) - killedAt);
            var members = await new PluginHostClient(survivor.Url).ListNodesAsync();
            output.WriteLine($"killed {(killEntityHost ? "the run's host" : "a runner-only node")} {victim.NodeId} with {before.Count(e => e.Event is ItemCompleted)} items done; " +
                             $"it held {heldByVictim.Count} unfinished item(s); first event after the kill {resumedAfter.TotalSeconds:0.00} s later; " +
                             $"held items started again after {(restarts.Count == 0 ? "-" : $"{restarts.Values.Min().TotalSeconds:0.00}-{restarts.Values.Max().TotalSeconds:0.00}")} s; " +
                             $"run completed {(entries[^1].Event.Timestamp - killedAt).TotalSeconds:0.0} s after the kill; members now: " +
                             string.Join(", ", members.Select(m => $"{m.NodeId}={m.State}")));
            // Every item the victim held started again, unless the victim's answer had reached the entity just before the kill.
            var completedAt = entries.Select(e => e.Event).OfType<StepCompleted>().ToDictionary(c => c.ItemId, c => c.Timestamp);
            Assert.All(heldByVictim, i => Assert.True(restarts.ContainsKey(i) || completedAt[i] < killedAt + TimeSpan.FromSeconds(1), $"{i} did not start again"));
            Assert.NotEmpty(restarts);
            Assert.All(restarts.Values, t => Assert.True(t <= Failover, $"an item held by the killed node started again after {t.TotalSeconds:0.00} s"));
            Assert.DoesNotContain(members, m => m.NodeId == victim.NodeId);
            Assert.Equal(2, members.Count(m => m.State == "up"));
        });
    }
}
