using static PluginHost.Tests.Common.TestRepo;
using PluginHost.Actors.Runners;
using PluginHost.Shared.Runs;
using Xunit.Abstractions;

namespace PluginHost.EndToEnd.Tests.Cluster;

/// Steps, waits and journal checks shared by the cluster end-to-end tests.
public static class ClusterRun
{
    /// A builtin step (kind "builtin"): builtin:node, builtin:sleep, builtin:echo or builtin:fail.
    public static StepSpec Builtin(string name, string plugin, string input = "") =>
        new(name, plugin, Payload.OfText(input), StepLimits.Default, BuiltinStepExecutor.StepKind);

    /// A real wasi step: tests/fixtures/wasi/steps.wasm with arguments.
    public static StepSpec WasmStep(string name, params string[] args) =>
        new(name, Fixture("wasi", "steps.wasm"), new WasiStepInput(args).ToPayload(), StepLimits.Default);

    public static async Task WaitUntilAsync(Func<Task<bool>> condition, string what, TimeSpan? limit = null)
    {
        var deadline = DateTime.UtcNow + (limit ?? TimeSpan.FromSeconds(90));
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"gave up waiting for {what}");
            await Task.Delay(50);
        }
    }

    /// Asserts every item completed exactly once and succeeded, and the run completed once with all items succeeded.
    public static void AssertEveryItemSucceededOnce(IReadOnlyList<(long Sequence, RunEvent Event)> entries, int items)
    {
        var completions = entries.Select(e => e.Event).OfType<ItemCompleted>().GroupBy(c => c.ItemId).ToDictionary(g => g.Key, g => g.ToList());
        Assert.Equal(items, completions.Count);
        Assert.All(completions, c => Assert.True(c.Value.Count == 1, $"{c.Key} completed {c.Value.Count} times"));
        Assert.All(completions.Values, c => Assert.Equal(ItemOutcome.Succeeded, c[0].Outcome));
        var done = Assert.Single(entries.Select(e => e.Event).OfType<RunCompleted>());
        Assert.Equal((items, 0), (done.Succeeded, done.Failed));
    }

    /// Which node ran each item's first step (builtin:node outputs the node id; the last run wins).
    public static Dictionary<string, string> RanOn(IEnumerable<(long Sequence, RunEvent Event)> entries) =>
        entries.Select(e => e.Event).OfType<StepOutput>().Where(o => o.StepIndex == 0)
            .GroupBy(o => o.ItemId).ToDictionary(g => g.Key, g => g.Last().Data.Text!);

    /// Starts nodes with the given ids, each after the first seeded by the first.
    public static async Task StartClusterAsync(List<NodeProcess> nodes, string store, IEnumerable<string> ids, params string[] extra)
    {
        foreach (var id in ids)
            nodes.Add(await NodeProcess.StartAsync(store, id, nodes.Count == 0 ? extra : [.. extra, "--seed", nodes[0].Seed]));
    }

    /// Runs the test body; on failure prints every node's output.
    public static async Task WithNodesAsync(ITestOutputHelper output, List<NodeProcess> nodes, Func<Task> body)
    {
        try
        {
            await body();
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
}
