using System.Runtime.CompilerServices;
using PluginHost.Actors.Journal;

namespace PluginHost.Nodes.Client;

/// <summary>Where `pluginhost runs` reads runs from: the local journal, or a cluster node's HTTP API (`--server`).</summary>
public sealed class RunSource : IAsyncDisposable
{
    private readonly IJournal? journal;
    private readonly PluginHostClient? client;

    private RunSource(IJournal? journal, PluginHostClient? client)
    {
        this.journal = journal;
        this.client = client;
    }

    /// <summary>Reads from a journal (disposed with the source).</summary>
    public static RunSource Of(IJournal journal) => new(journal, null);

    /// <summary>Reads from the node at <paramref name="server"/> (an http(s) URL; throws <see cref="FormatException"/> otherwise).</summary>
    public static RunSource Of(string server) => new(null, new PluginHostClient(PluginHostClient.ParseServer(server)));

    /// <summary>Every run, oldest first.</summary>
    public Task<IReadOnlyList<RunSummary>> ListRunsAsync(CancellationToken cancellationToken) =>
        client?.ListRunsAsync(cancellationToken) ?? journal!.ListRunsAsync(cancellationToken);

    /// <summary>A run's events so far; throws <see cref="JournalException"/> (or <see cref="PluginHostClientException"/>) for an unknown run.</summary>
    public async Task<IReadOnlyList<JournalEntry>> ReadAsync(string runId, CancellationToken cancellationToken)
    {
        var entries = client is not null ? await client.ReadEventsAsync(runId, cancellationToken) : await journal!.ReadAsync(runId, 1, cancellationToken);
        return entries.Count > 0 ? entries : throw new JournalException($"run '{runId}' is not in the journal");
    }

    /// <summary>A run's events, then new ones as they are journaled, until RunCompleted.</summary>
    public async IAsyncEnumerable<JournalEntry> FollowAsync(string runId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (client is not null)
        {
            await foreach (var entry in client.FollowAsync(runId, 1, cancellationToken)) yield return entry;
            yield break;
        }
        long last = 0;
        while (true)
        {
            var entries = await journal!.ReadAsync(runId, last + 1, cancellationToken);
            if (last == 0 && entries.Count == 0) throw new JournalException($"run '{runId}' is not in the journal");
            foreach (var entry in entries)
            {
                last = entry.Sequence;
                yield return entry;
                if (entry.Event is Shared.Runs.RunCompleted) yield break;
            }
            await Task.Delay(250, cancellationToken);
        }
    }

    /// <summary>Closes the journal or the HTTP client.</summary>
    public async ValueTask DisposeAsync()
    {
        client?.Dispose();
        if (journal is not null) await journal.DisposeAsync();
    }
}
