using PluginHost.Actors.Runners;
using PluginHost.EndToEnd.Tests.Cluster;
using PluginHost.Nodes.Client;
using PluginHost.Shared.Runs;

namespace PluginHost.Dashboard.Tests;

/// Real `pluginhost node` processes over one SQLite store in a temp dir, and a client of the first.
public sealed class DashboardNodes : IAsyncDisposable
{
    private readonly List<NodeProcess> nodes = [];

    public string Store { get; } = "sqlite:" + Directory.CreateTempSubdirectory("pluginhost-dashboard-").FullName;

    public IReadOnlyList<NodeProcess> Nodes => nodes;

    public PluginHostClient Client { get; private set; } = null!;

    public async Task<NodeProcess> StartAsync(string nodeId)
    {
        var node = await NodeProcess.StartAsync(Store, nodeId, nodes.Count == 0 ? [] : ["--seed", nodes[0].Seed]);
        nodes.Add(node);
        Client ??= new PluginHostClient(node.Url);
        return node;
    }

    public string Output => string.Join("\n", nodes.Select(n => $"--- {n.NodeId} ---\n{n.Output}"));

    public static StepSpec Builtin(string name, string plugin, string input = "") =>
        new(name, plugin, Payload.OfText(input), StepLimits.Default, BuiltinStepExecutor.StepKind);

    public static async Task WaitUntilAsync(Func<Task<bool>> condition, string what, TimeSpan? limit = null)
    {
        var deadline = DateTime.UtcNow + (limit ?? TimeSpan.FromSeconds(60));
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"gave up waiting for {what}");
            await Task.Delay(50);
        }
    }

    public Task SubmitAsync(string runId, params WorkItemSpec[] items) => Client.SubmitAsync(new RunSpec(runId, "sync", items));

    public async ValueTask DisposeAsync()
    {
        Client?.Dispose();
        foreach (var node in nodes) await node.DisposeAsync();
        try { Directory.Delete(Store["sqlite:".Length..], recursive: true); } catch (IOException) { }
    }
}
