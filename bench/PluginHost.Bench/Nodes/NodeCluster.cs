using System.Globalization;
using PluginHost.Actors.Hosting;
using PluginHost.EndToEnd.Tests.Cluster;
using PluginHost.Nodes.Client;
using PluginHost.Shared.Runs;

namespace PluginHost.Bench.Nodes;

/// <summary>`pluginhost node` processes on one PostgreSQL schema (the first is every other's seed), and a reader of
/// the journal they write.</summary>
public sealed class NodeCluster : IAsyncDisposable
{
    private readonly List<NodeProcess> _nodes;
    private readonly RunStore _store;

    private NodeCluster(List<NodeProcess> nodes, RunStore store)
    {
        _nodes = nodes;
        _store = store;
    }

    /// <summary>The node processes, in start order.</summary>
    public IReadOnlyList<NodeProcess> Nodes => _nodes;

    /// <summary>Starts <paramref name="count"/> nodes with <paramref name="runners"/> runners each; returns once all are Up.</summary>
    public static async Task<NodeCluster> StartAsync(string store, int count, int runners)
    {
        var nodes = new List<NodeProcess>();
        var runnerArgs = new[] { "--runners", runners.ToString(CultureInfo.InvariantCulture) };
        for (var i = 0; i < count; i++)
            nodes.Add(await NodeProcess.StartAsync(store, $"n{i + 1}", i == 0 ? runnerArgs : [.. runnerArgs, "--seed", nodes[0].Seed]));
        var reader = await RunStore.OpenAsync(new AkkaNodeSettings(Path.GetTempPath(), store) { SystemName = "pluginhost-bench" });
        var cluster = new NodeCluster(nodes, reader);
        await cluster.WaitUntilAsync(async () => (await cluster.Client().ListNodesAsync()).Count(m => m.State == "up") == count, $"{count} members up");
        return cluster;
    }

    /// <summary>A client of the first live node's HTTP API.</summary>
    public PluginHostClient Client() => new(_nodes.First(n => !n.HasExited).Url);

    /// <summary>A run's events in journal order, read from PostgreSQL.</summary>
    public async Task<List<(long Sequence, RunEvent Event)>> EventsAsync(string runId)
    {
        var events = new List<(long, RunEvent)>();
        await foreach (var entry in _store.Query.EventsAsync(runId)) events.Add(entry);
        return events;
    }

    /// <summary>CPU seconds (user + system) the node processes used so far (from /proc/PID/stat, 100 ticks a second).</summary>
    public double CpuSeconds() => _nodes.Where(n => !n.HasExited).Sum(n => ProcessCpuSeconds(n.Pid));

    /// <summary>Polls <paramref name="condition"/> every 50 ms; throws after <paramref name="limit"/> (90 s).</summary>
    public async Task WaitUntilAsync(Func<Task<bool>> condition, string what, TimeSpan? limit = null)
    {
        var deadline = DateTime.UtcNow + (limit ?? TimeSpan.FromSeconds(90));
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"gave up waiting for {what}:\n{Outputs()}");
            await Task.Delay(50);
        }
    }

    /// <summary>Every node's output so far (the evidence when a benchmark step fails).</summary>
    public string Outputs() => string.Join("\n", _nodes.Select(n => $"--- {n.NodeId} ---\n{n.Output}"));

    /// <summary>Stops the reader and kills the nodes still running.</summary>
    public async ValueTask DisposeAsync()
    {
        await _store.DisposeAsync();
        foreach (var node in _nodes) await node.DisposeAsync();
    }

    private static double ProcessCpuSeconds(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' '); // fields from the 3rd (state) on
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
    }
}
