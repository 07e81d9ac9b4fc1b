using PluginHost.Actors.Runs;
using PluginHost.Shared.Runs;

namespace PluginHost.Nodes.Server;

/// <summary>The API's and the CLI's shapes of runs, folded from journaled events.</summary>
public static class RunViews
{
    /// <summary>A run's summary as the runs list shows it.</summary>
    public static RunSummary ToSummary(RunSummaryView r) => new(r.RunId, r.Kind,
        r.Completed ? (r.Failed > 0 ? RunState.Failed : RunState.Completed) : RunState.Running,
        r.AcceptedAt, r.CompletedAt ?? r.AcceptedAt, r.LastSequence, r.Items, r.Succeeded, r.Failed);

    /// <summary>A run's items from its events: pending, running (a step started), succeeded or failed.</summary>
    public static IReadOnlyList<WorkItemRecord> Items(string runId, IEnumerable<RunEvent> events)
    {
        var state = new RunEntityState();
        foreach (var e in events) state.Apply(e);
        return state.Items.Select(i => new WorkItemRecord(runId, i.Spec.ItemId, i.Spec.Name, i.Outcome switch
        {
            ItemOutcome.Succeeded => WorkItemState.Succeeded,
            ItemOutcome.Failed => WorkItemState.Failed,
            _ => i.Starts.Count > 0 ? WorkItemState.Claimed : WorkItemState.Pending,
        }, null, null, i.Starts.Values.Sum())).ToList();
    }
}
