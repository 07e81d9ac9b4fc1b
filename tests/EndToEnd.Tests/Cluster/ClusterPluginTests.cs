using PluginHost.Tests.Common;
using PluginHost.Nodes.Client;
using PluginHost.Shared.Runs;
using Xunit.Abstractions;
using static PluginHost.EndToEnd.Tests.Cluster.ClusterRun;

namespace PluginHost.EndToEnd.Tests.Cluster;

/// Real wasm plugins (tests/fixtures/wasi/steps.wasm) on real `pluginhost node` processes over PostgreSQL.
[Collection(PostgresCollection.Name)]
public sealed class ClusterPluginTests(PostgresServerFixture server, ITestOutputHelper output)
{
    [Fact]
    public async Task WasmStepsRunOnEveryNodeAndTheirOutputIsJournaled()
    {
        var store = await server.CreateSchemaAsync();
        var nodes = new List<NodeProcess>();
        await WithNodesAsync(output, nodes, async () =>
        {
            await StartClusterAsync(nodes, store, ["w1", "w2"], "--runners", "2");
            await using var journal = await ClusterJournal.OpenAsync(store);
            using var client = new PluginHostClient(nodes[1].Url);
            var spec = new RunSpec("wasm", "test", Enumerable.Range(0, 24).Select(i => new WorkItemSpec($"item-{i:00}", $"item {i}",
            [
                Builtin("whoami", "builtin:node"),
                WasmStep("greet", "echo", "hello", $"item-{i:00}"),
                WasmStep("bye", "echo", $"bye-{i:00}"),
            ])).Append(new WorkItemSpec("fails", "exits 3", [WasmStep("exit", "exit", "3"), WasmStep("never", "echo", "never")])).ToList());

            await client.SubmitAsync(spec);
            var events = new List<RunEvent>();
            await foreach (var entry in client.FollowAsync("wasm")) events.Add(entry.Event); // followed on the other node

            var entries = await journal.ReadAsync("wasm");
            Assert.Equal(entries.Select(e => e.Event.EventType), events.Select(e => e.EventType));
            for (var i = 0; i < 24; i++)
            {
                var item = $"item-{i:00}";
                var outputs = entries.Select(e => e.Event).OfType<StepOutput>().Where(o => o.ItemId == item).ToList();
                Assert.Equal(["hello", item], outputs.Where(o => o.StepIndex == 1).Select(o => o.Data.Text));
                Assert.Equal([$"bye-{i:00}"], outputs.Where(o => o.StepIndex == 2).Select(o => o.Data.Text));
                Assert.Equal(["{\"exitCode\":0}", "{\"exitCode\":0}"],
                    entries.Select(e => e.Event).OfType<StepCompleted>().Where(c => c.ItemId == item && c.StepIndex > 0).Select(c => c.Result.Text));
            }
            var ranOn = entries.Select(e => e.Event).OfType<StepOutput>().Where(o => o.StepIndex == 0 && o.ItemId != "fails").Select(o => o.Data.Text).Distinct().Order();
            Assert.Equal(["w1", "w2"], ranOn);
            var failed = Assert.Single(entries.Select(e => e.Event).OfType<StepFailed>());
            Assert.Equal("fails", failed.ItemId);
            Assert.Contains("exited with code 3", failed.Error);
            Assert.DoesNotContain(entries, e => e.Event is StepStarted { ItemId: "fails", StepIndex: 1 });
            var done = Assert.Single(entries.Select(e => e.Event).OfType<RunCompleted>());
            Assert.Equal((24, 1), (done.Succeeded, done.Failed));
        });
    }
}
