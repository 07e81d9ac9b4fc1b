using PluginHost.Actors.Cluster;
using PluginHost.Actors.Journal;
using PluginHost.Shared.Runs;

namespace PluginHost.Actors.Tests.Cluster;

/// Run specs and journal checks shared by the cluster tests.
public static class ClusterSpecs
{
    public static RunSpec Spec(string runId, int items, string plugin = "builtin:echo", string input = "hi") => new(runId, "sync",
        Enumerable.Range(0, items).Select(i => new WorkItemSpec($"item-{i}", $"canister {i}",
            [new StepSpec("exec", plugin, Payload.OfText(input), StepLimits.Default, BuiltinStepExecutor.StepKind)])).ToList());

    public static Task SubmitAsync(IJournal journal, string runId, int items, string plugin = "builtin:echo", string input = "hi") =>
        RunSubmission.SubmitAsync(journal, Spec(runId, items, plugin, input));

    /// ItemCompleted events per item id, read from the journal.
    public static async Task<Dictionary<string, int>> CompletionsAsync(IJournal journal, string runId) =>
        (await journal.ReadAsync(runId)).Select(e => e.Event).OfType<ItemCompleted>()
            .GroupBy(c => c.ItemId).ToDictionary(g => g.Key, g => g.Count());

    public static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan limit, string what)
    {
        var deadline = DateTime.UtcNow + limit;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"gave up after {limit.TotalSeconds} s waiting for {what}");
            await Task.Delay(50);
        }
    }
}
