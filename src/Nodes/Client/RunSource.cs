using System.Runtime.CompilerServices;
using PluginHost.Actors.Hosting;
using PluginHost.Actors.Runs;
using PluginHost.Nodes.Foreground;

namespace PluginHost.Nodes.Client;

/// <summary>Where `pluginhost runs` reads runs from: the local journal (Akka.Persistence.Query over the data
/// directory's store), or a cluster node's HTTP API (`--server`).</summary>
public sealed class RunSource : IAsyncDisposable
{
    private readonly RunStore? store;
    private readonly PluginHostClient? client;

    private RunSource(RunStore? store, PluginHostClient? client)
    {
        this.store = store;
        this.client = client;
    }

    /// <summary>Reads from a local store (disposed with the source); <paramref name="dataDirectory"/> also tells
    /// interrupted runs from running ones.</summary>
    public static RunSource Of(RunStore store, string? dataDirectory = null) => new(store, null) { LocalDataDirectory = dataDirectory };

    /// <summary>The data directory of a local source, if known.</summary>
    public string? LocalDataDirectory { get; private init; }

    /// <summary>A data directory with no journal: no runs.</summary>
    public static RunSource Empty => new(null, null);

    /// <summary>Reads from the node at <paramref name="server"/> (an http(s) URL; throws <see cref="FormatException"/> otherwise).</summary>
    public static RunSource Of(string server) => new(null, new PluginHostClient(PluginHostClient.ParseServer(server)));

    /// <summary>Every run, oldest first.</summary>
    public async Task<IReadOnlyList<RunSummary>> ListRunsAsync(CancellationToken cancellationToken)
    {
        if (client is not null) return await client.ListRunsAsync(cancellationToken);
        if (store is null) return [];
        return (await store.Query.ListAsync(cancellationToken)).Select(Server.RunViews.ToSummary).ToList();
    }

    /// <summary>A run's events so far; throws <see cref="RunNotFoundException"/> (or <see cref="PluginHostClientException"/>) for an unknown run.</summary>
    public async Task<IReadOnlyList<JournalEntry>> ReadAsync(string runId, CancellationToken cancellationToken)
    {
        List<JournalEntry> entries;
        if (client is not null) entries = [.. await client.ReadEventsAsync(runId, cancellationToken)];
        else
        {
            entries = [];
            await foreach (var (sequence, e) in store!.Query.EventsAsync(runId, 1, follow: false, cancellationToken))
                entries.Add(new JournalEntry(runId, sequence, e, e.Timestamp));
        }
        return entries.Count > 0 ? entries : throw new RunNotFoundException($"run '{runId}' is not in the journal");
    }

    /// <summary>A run's events, then new ones as they are journaled, until RunCompleted.</summary>
    public async IAsyncEnumerable<JournalEntry> FollowAsync(string runId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (client is not null)
        {
            await foreach (var entry in client.FollowAsync(runId, 1, cancellationToken)) yield return entry;
            yield break;
        }
        if (await store!.Query.GetAsync(runId, cancellationToken) is null) throw new RunNotFoundException($"run '{runId}' is not in the journal");
        await foreach (var (sequence, e) in store.Query.EventsAsync(runId, 1, follow: true, cancellationToken))
            yield return new JournalEntry(runId, sequence, e, e.Timestamp);
    }

    /// <summary>Closes the store or the HTTP client.</summary>
    public async ValueTask DisposeAsync()
    {
        client?.Dispose();
        if (store is not null) await store.DisposeAsync();
    }
}
