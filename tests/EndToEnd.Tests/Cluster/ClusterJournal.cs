using PluginHost.Actors.Hosting;
using PluginHost.Actors.Runs;
using PluginHost.Shared.Runs;

namespace PluginHost.EndToEnd.Tests.Cluster;

/// Reads the Akka.NET journal the nodes of a test write to PostgreSQL, the way `pluginhost runs` reads a store.
public sealed class ClusterJournal : IAsyncDisposable
{
    private readonly RunStore store;

    private ClusterJournal(RunStore store) => this.store = store;

    public static async Task<ClusterJournal> OpenAsync(string connectionString) =>
        new(await RunStore.OpenAsync(new AkkaNodeSettings(Path.GetTempPath(), connectionString) { SystemName = "pluginhost-test" }));

    /// A run's events in journal order.
    public async Task<IReadOnlyList<(long Sequence, RunEvent Event)>> ReadAsync(string runId)
    {
        var entries = new List<(long, RunEvent)>();
        await foreach (var entry in store.Query.EventsAsync(runId)) entries.Add(entry);
        return entries;
    }

    /// Items of the run with an outcome (0 when the run is not journaled yet).
    public async Task<int> DoneAsync(string runId) => (await ReadAsync(runId)).Count(e => e.Event is ItemCompleted);

    /// True once RunCompleted is journaled.
    public async Task<bool> CompletedAsync(string runId) => (await ReadAsync(runId)).Any(e => e.Event is RunCompleted);

    public ValueTask DisposeAsync() => store.DisposeAsync();
}
