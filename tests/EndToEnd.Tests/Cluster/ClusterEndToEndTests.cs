using PluginHost.Actors.Cluster;
using PluginHost.Actors.Journal;
using PluginHost.Actors.Tests.Journal;
using PluginHost.Nodes.Client;
using PluginHost.Shared.Runs;
using Xunit.Abstractions;

namespace PluginHost.EndToEnd.Tests.Cluster;

/// Three `pluginhost node` processes on one PostgreSQL server; one is SIGKILLed in the middle of a 300-item run.
[Collection(PostgresCollection.Name)]
public sealed class ClusterEndToEndTests(PostgresServerFixture server, ITestOutputHelper output)
{
    private const double LeaseSeconds = 3;

    [Fact]
    public async Task ARunSurvivesTheKillOfOneOfThreeNodes()
    {
        var store = await server.CreateSchemaAsync();
        string[] settings = ["--capacity", "4", "--lease-seconds", $"{LeaseSeconds}", "--heartbeat-seconds", "0.5", "--dead-after-seconds", "3"];
        var nodes = new List<NodeProcess>();
        try
        {
            foreach (var id in new[] { "n1", "n2", "n3" }) nodes.Add(await NodeProcess.StartAsync(store, id, settings));
            await using var journal = await PostgresJournal.OpenAsync(store);
            using var client = new PluginHostClient(nodes[0].Url);
            Assert.Equal(3, (await client.ListNodesAsync()).Count(n => n.State == NodeState.Alive));

            var spec = new RunSpec("big", "sync", Enumerable.Range(0, 300).Select(i => new WorkItemSpec($"item-{i:000}", $"item {i}",
            [
                new StepSpec("whoami", "builtin:node", Payload.Empty, StepLimits.Default, BuiltinStepExecutor.StepKind),
                new StepSpec("work", "builtin:sleep", Payload.OfText("150"), StepLimits.Default, BuiltinStepExecutor.StepKind),
            ])).ToList());
            await client.SubmitAsync(spec);

            // Let all three nodes work, then kill one.
            await WaitUntilAsync(async () => (await journal.ListRunsAsync())[0].ItemsSucceeded >= 60, "60 items done");
            var before = Runners(await journal.ReadAsync("big"));
            var victim = nodes[2];
            victim.Kill();
            var killedAt = DateTimeOffset.UtcNow;
            var runningOnVictim = (await journal.ListItemsAsync("big"))
                .Where(i => i.State == WorkItemState.Claimed && i.OwnerNode == victim.NodeId).Select(i => i.ItemId).ToHashSet();

            await WaitUntilAsync(async () => (await journal.ListRunsAsync())[0].State == RunState.Completed, "the run to complete", TimeSpan.FromMinutes(3));
            var entries = await journal.ReadAsync("big");

            var completions = entries.Select(e => e.Event).OfType<ItemCompleted>().GroupBy(c => c.ItemId).ToDictionary(g => g.Key, g => g.Count());
            Assert.Equal(300, completions.Count);
            Assert.All(completions, c => Assert.True(c.Value == 1, $"{c.Key} completed {c.Value} times"));
            Assert.All(entries.Select(e => e.Event).OfType<ItemCompleted>(), c => Assert.Equal(ItemOutcome.Succeeded, c.Outcome));
            Assert.Single(entries.Select(e => e.Event).OfType<RunCompleted>());
            Assert.Equal(["n1", "n2", "n3"], before.Values.Distinct().Order());

            // Items the victim held were taken over within lease + 2 s of the kill: a survivor journaled a step start, or
            // only ItemCompleted when the victim had completed every step (replay skips completed steps).
            var restarts = entries.Where(e => e.RecordedAt > killedAt && e.Event is StepStarted or ItemCompleted && runningOnVictim.Contains(((ItemEvent)e.Event).ItemId))
                .GroupBy(e => ((ItemEvent)e.Event).ItemId).ToDictionary(g => g.Key, g => g.Min(e => e.RecordedAt) - killedAt);
            var victimNode = (await journal.ListNodesAsync()).Single(n => n.NodeId == victim.NodeId);
            output.WriteLine($"per node before kill: {string.Join(", ", before.GroupBy(p => p.Value).Select(g => $"{g.Key}={g.Count()}"))}; " +
                             $"victim held {runningOnVictim.Count} item(s); restarts after {string.Join(", ", restarts.Values.Select(t => $"{t.TotalSeconds:0.00}s"))}; " +
                             $"victim state {victimNode.State}; run took until {entries[^1].RecordedAt - killedAt} after the kill");
            Assert.NotEmpty(runningOnVictim);
            Assert.Equal(runningOnVictim.Order(), restarts.Keys.Order());
            Assert.All(restarts.Values, t => Assert.True(t <= TimeSpan.FromSeconds(LeaseSeconds + 2), $"takeover after {t.TotalSeconds:0.00} s"));
            Assert.Equal(NodeState.Dead, victimNode.State);
        }
        catch
        {
            foreach (var node in nodes) output.WriteLine($"--- {node.NodeId} ---\n{node.Output}");
            throw;
        }
        finally
        {
            foreach (var node in nodes) await node.DisposeAsync();
        }
    }

    // Which node ran each item, from the node ids the items wrote (last writer wins).
    private static Dictionary<string, string> Runners(IReadOnlyList<JournalEntry> entries) =>
        entries.Select(e => e.Event).OfType<StepOutput>().Where(o => o.StepIndex == 0)
            .GroupBy(o => o.ItemId).ToDictionary(g => g.Key, g => g.Last().Data.Text!);

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what, TimeSpan? limit = null)
    {
        var deadline = DateTime.UtcNow + (limit ?? TimeSpan.FromSeconds(90));
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"gave up waiting for {what}");
            await Task.Delay(50);
        }
    }
}
