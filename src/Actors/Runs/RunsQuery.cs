using System.Runtime.CompilerServices;
using Akka.Actor;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using PluginHost.Actors.Serialization;
using PluginHost.Shared.Runs;

namespace PluginHost.Actors.Runs;

/// <summary>Run queries for the CLI and the HTTP API, on Akka.Persistence.Query over the node's journal: the runs
/// list, one run's events, and a run's events followed live until RunCompleted.</summary>
public sealed class RunsQuery
{
    private readonly ActorSystem _system;
    private readonly IMaterializer _materializer;
    private SqlReadJournal? _readJournal;

    /// <summary>Creates the queries over the SQL read journal of <paramref name="system"/> (opened on first use).</summary>
    public RunsQuery(ActorSystem system)
    {
        _system = system;
        _materializer = system.Materializer();
    }

    // The read journal's constructor asks the write journal with a fixed 5 s timeout, which a store still creating
    // its tables on a busy machine can miss: try again a few times.
    private SqlReadJournal _journal
    {
        get
        {
            for (var attempt = 1; _readJournal is null; attempt++)
            {
                try { _readJournal = PersistenceQuery.Get(_system).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier); }
                catch (AggregateException e) when (e.InnerException is AskTimeoutException && attempt < 6) { }
            }
            return _readJournal;
        }
    }

    /// <summary>Every run in the journal, oldest first.</summary>
    public async Task<IReadOnlyList<RunSummaryView>> ListAsync(CancellationToken cancellationToken = default)
    {
        var ids = await _journal.CurrentPersistenceIds().Where(id => id.StartsWith("run-", StringComparison.Ordinal))
            .RunWith(Sink.Seq<string>(), _materializer);
        var runs = new List<RunSummaryView>();
        foreach (var id in ids)
        {
            var events = new List<(long, RunEvent)>();
            await foreach (var entry in EventsAsync(id["run-".Length..], 1, follow: false, cancellationToken)) events.Add(entry);
            if (RunSummaryView.Fold(events) is { } view) runs.Add(view);
        }
        return runs.OrderBy(r => r.AcceptedAt).ToList();
    }

    /// <summary>One run's summary, or null when it is not in the journal.</summary>
    public async Task<RunSummaryView?> GetAsync(string runId, CancellationToken cancellationToken = default)
    {
        var events = new List<(long, RunEvent)>();
        await foreach (var entry in EventsAsync(runId, 1, follow: false, cancellationToken)) events.Add(entry);
        return RunSummaryView.Fold(events);
    }

    /// <summary>A run's events from <paramref name="fromSequence"/>; with <paramref name="follow"/>, live events too
    /// until RunCompleted (inclusive). Throws <see cref="PluginHost.Actors.Hosting.StoreException"/> at an event this version does not know.</summary>
    public async IAsyncEnumerable<(long Sequence, RunEvent Event)> EventsAsync(string runId, long fromSequence = 1, bool follow = false,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var persistenceId = RunServices.PersistenceIdOf(runId);
        var source = follow
            ? _journal.EventsByPersistenceId(persistenceId, fromSequence, long.MaxValue)
            : _journal.CurrentEventsByPersistenceId(persistenceId, fromSequence, long.MaxValue);
        await foreach (var envelope in source.RunAsAsyncEnumerable(_materializer).WithCancellation(cancellationToken))
        {
            if (envelope.Event is UnknownManifest unknown) throw new PluginHost.Actors.Hosting.StoreException(unknown.Describe(runId));
            if (envelope.Event is not RunEvent e) continue;
            yield return (envelope.SequenceNr, e);
            if (follow && e is RunCompleted) yield break;
        }
    }
}
