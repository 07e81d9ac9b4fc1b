using PluginHost.Actors.Journal;
using PluginHost.Shared.Runs;

namespace PluginHost.Actors.Coordination;

/// <summary>A run's state rebuilt from its journal, the basis for resuming it after a crash.</summary>
public sealed class RunProgress
{
    private RunProgress(RunSpec spec, IReadOnlyList<ItemProgress> items, RunCompleted? completed, long lastSequence)
    {
        Spec = spec;
        Items = items;
        Completed = completed;
        LastSequence = lastSequence;
    }

    /// <summary>The run's spec, from RunAccepted.</summary>
    public RunSpec Spec { get; }

    /// <summary>Every item, in spec order.</summary>
    public IReadOnlyList<ItemProgress> Items { get; }

    /// <summary>The run's RunCompleted event, when it finished.</summary>
    public RunCompleted? Completed { get; }

    /// <summary>Sequence number of the last journaled event.</summary>
    public long LastSequence { get; }

    /// <summary>A new run's progress: nothing done.</summary>
    public static RunProgress New(RunSpec spec) => new(spec, spec.Items.Select(i => new ItemProgress(i)).ToList(), null, 0);

    /// <summary>Replays a run's journal; throws <see cref="JournalException"/> when it does not start with RunAccepted
    /// or names steps/items its spec does not have.</summary>
    public static RunProgress FromJournal(string runId, IReadOnlyList<JournalEntry> entries)
    {
        if (entries.Count == 0 || entries[0].Event is not RunAccepted accepted)
            throw new JournalException($"run '{runId}' cannot be replayed: its journal does not start with RunAccepted");
        var items = accepted.Spec.Items.ToDictionary(i => i.ItemId, i => new ItemProgress(i), StringComparer.Ordinal);
        RunCompleted? completed = null;
        foreach (var entry in entries)
        {
            switch (entry.Event)
            {
                case StepStarted s:
                    var started = Find(items, runId, s.ItemId, entry);
                    started.Starts[s.StepIndex] = started.Starts.GetValueOrDefault(s.StepIndex) + 1;
                    break;
                case StepCompleted c:
                    var item = Find(items, runId, c.ItemId, entry);
                    if (c.StepIndex != item.Results.Count)
                        throw new JournalException($"run '{runId}' event {entry.Sequence}: item '{c.ItemId}' completed step {c.StepIndex} but step {item.Results.Count} is next");
                    item.Results.Add(c.Result);
                    item.PendingOutputs.Remove(c.StepIndex);
                    break;
                case StepOutput o:
                    var producer = Find(items, runId, o.ItemId, entry);
                    if (o.StepIndex >= producer.Results.Count)
                    {
                        if (!producer.PendingOutputs.TryGetValue(o.StepIndex, out var outputs)) producer.PendingOutputs[o.StepIndex] = outputs = [];
                        outputs.Add(o);
                    }
                    break;
                case StepFailed f:
                    Find(items, runId, f.ItemId, entry).FailedError = f.Error;
                    break;
                case ItemCompleted done:
                    Find(items, runId, done.ItemId, entry).Outcome = done.Outcome;
                    break;
                case RunCompleted rc:
                    completed = rc;
                    break;
            }
        }
        return new RunProgress(accepted.Spec, accepted.Spec.Items.Select(i => items[i.ItemId]).ToList(), completed, entries[^1].Sequence);
    }

    private static ItemProgress Find(Dictionary<string, ItemProgress> items, string runId, string itemId, JournalEntry entry) =>
        items.GetValueOrDefault(itemId)
        ?? throw new JournalException($"run '{runId}' event {entry.Sequence} ({entry.Event.EventType}) names item '{itemId}', which its spec does not have");
}
