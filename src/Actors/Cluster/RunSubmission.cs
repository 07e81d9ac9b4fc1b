using PluginHost.Actors.Journal;
using PluginHost.Shared.Runs;

namespace PluginHost.Actors.Cluster;

/// <summary>Puts a run into the journal so any node's <see cref="ClusterWorker"/> can claim its items.</summary>
public static class RunSubmission
{
    /// <summary>Validates the spec and journals RunAccepted plus one ItemScheduled per item (and RunCompleted for a run
    /// without items) in one append; throws <see cref="ArgumentException"/> naming the bad field, or
    /// <see cref="JournalConflictException"/> when the run id is taken.</summary>
    public static async Task<long> SubmitAsync(IJournal journal, RunSpec spec, TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(journal);
        Validate(spec);
        var now = (time ?? TimeProvider.System).GetUtcNow();
        List<RunEvent> events = [new RunAccepted(spec.RunId, now, spec)];
        events.AddRange(spec.Items.Select(i => new ItemScheduled(spec.RunId, i.ItemId, now, i.Name)));
        if (spec.Items.Count == 0) events.Add(new RunCompleted(spec.RunId, now, 0, 0));
        return await journal.AppendAsync(spec.RunId, events, expectedSequence: 0, cancellationToken);
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming the field when the spec cannot be run, or when a step's kind
    /// is not among <paramref name="kinds"/> (when given: the kinds every node of the cluster runs).</summary>
    public static void Validate(RunSpec spec, IReadOnlyCollection<string> kinds)
    {
        Validate(spec);
        for (var i = 0; i < spec.Items.Count; i++)
            for (var s = 0; s < spec.Items[i].Steps.Count; s++)
                if (spec.Items[i].Steps[s] is { } step && !kinds.Contains(step.EffectiveKind))
                    throw new ArgumentException($"run '{spec.RunId}': items[{i}].steps[{s}] ('{step.Name}') has kind '{step.EffectiveKind}', " +
                                                $"which the cluster's nodes cannot run (known: {string.Join(", ", kinds)})");
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming the field when the spec cannot be run.</summary>
    public static void Validate(RunSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (string.IsNullOrWhiteSpace(spec.RunId)) throw new ArgumentException("run spec field 'runId' must be a non-empty id");
        if (string.IsNullOrWhiteSpace(spec.Kind)) throw new ArgumentException($"run '{spec.RunId}': field 'kind' must be non-empty, e.g. \"sync\"");
        if (spec.Items is null) throw new ArgumentException($"run '{spec.RunId}': field 'items' must be a list");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < spec.Items.Count; i++)
        {
            var item = spec.Items[i] ?? throw new ArgumentException($"run '{spec.RunId}': items[{i}] is null");
            if (string.IsNullOrWhiteSpace(item.ItemId)) throw new ArgumentException($"run '{spec.RunId}': items[{i}].itemId must be non-empty");
            if (!seen.Add(item.ItemId)) throw new ArgumentException($"run '{spec.RunId}': items[{i}].itemId '{item.ItemId}' is used twice");
            if (item.Steps is null) throw new ArgumentException($"run '{spec.RunId}': items[{i}].steps must be a list");
        }
    }
}
