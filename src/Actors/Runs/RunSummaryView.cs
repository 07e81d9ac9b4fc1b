using PluginHost.Shared.Runs;

namespace PluginHost.Actors.Runs;

/// <summary>One run as the runs list shows it, folded from its journaled events.</summary>
public sealed record RunSummaryView(string RunId, string Kind, int Items, int Succeeded, int Failed, bool Completed,
    DateTimeOffset AcceptedAt, DateTimeOffset? CompletedAt, long LastSequence)
{
    /// <summary>Folds a run's events (in journal order) into its summary; null when they do not start with RunAccepted.</summary>
    public static RunSummaryView? Fold(IEnumerable<(long Sequence, RunEvent Event)> events)
    {
        RunSummaryView? view = null;
        foreach (var (sequence, e) in events)
        {
            view = e switch
            {
                RunAccepted a => new RunSummaryView(a.RunId, a.Spec.Kind, a.Spec.Items.Count, 0, 0, false, a.Timestamp, null, sequence),
                ItemCompleted { Outcome: ItemOutcome.Succeeded } when view is not null => view with { Succeeded = view.Succeeded + 1, LastSequence = sequence },
                ItemCompleted when view is not null => view with { Failed = view.Failed + 1, LastSequence = sequence },
                RunCompleted c when view is not null => view with { Completed = true, CompletedAt = c.Timestamp, LastSequence = sequence },
                _ when view is not null => view with { LastSequence = sequence },
                _ => null,
            };
        }
        return view;
    }
}
