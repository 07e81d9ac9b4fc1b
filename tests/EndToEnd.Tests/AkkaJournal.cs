using PluginHost.Actors.Hosting;
using PluginHost.Actors.Runs;
using PluginHost.Nodes.Hosting;
using PluginHost.Shared.Runs;

namespace PluginHost.EndToEnd.Tests;

/// <summary>Reads the Akka.NET journal a `pluginhost` process wrote to a data directory (the real store, read the way
/// `pluginhost runs` reads it), for tests to check what is durable.</summary>
public sealed class AkkaJournal : IAsyncDisposable
{
    private readonly RunStore _store;

    private AkkaJournal(RunStore store) => _store = store;

    /// <summary>The journal file of a data directory.</summary>
    public static string FileIn(string dataDir) => PluginHostNode.Settings(dataDir).SqlitePath;

    /// <summary>Opens the journal of <paramref name="dataDir"/>.</summary>
    public static async Task<AkkaJournal> OpenInDirectoryAsync(string dataDir) =>
        new(await RunStore.OpenAsync(PluginHostNode.Settings(dataDir)));

    /// <summary>A run's events in journal order.</summary>
    public async Task<IReadOnlyList<Entry>> ReadAsync(string runId)
    {
        var entries = new List<Entry>();
        await foreach (var (sequence, e) in _store.Query.EventsAsync(runId)) entries.Add(new Entry(sequence, e));
        return entries;
    }

    /// <summary>Every run.</summary>
    public Task<IReadOnlyList<RunSummaryView>> ListRunsAsync() => _store.Query.ListAsync();

    /// <summary>The runs without RunCompleted.</summary>
    public async Task<IReadOnlyList<RunSummaryView>> ListUnfinishedRunsAsync() => (await ListRunsAsync()).Where(r => !r.Completed).ToList();

    /// <summary>A run's state folded from its events (as its entity would recover it).</summary>
    public async Task<RunEntityState> StateAsync(string runId)
    {
        var state = new RunEntityState();
        foreach (var entry in await ReadAsync(runId)) state.Apply(entry.Event);
        return state;
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _store.DisposeAsync();

    /// <summary>One journaled event.</summary>
    public sealed record Entry(long Sequence, RunEvent Event);
}
