namespace PluginHost.Actors.Runs;

/// <summary>Where a work item stands in the work-item table.</summary>
public enum WorkItemState
{
    /// <summary>Scheduled, owned by no node.</summary>
    Pending,
    /// <summary>Owned by a node under a lease.</summary>
    Claimed,
    /// <summary>Completed successfully.</summary>
    Succeeded,
    /// <summary>Completed with a failure.</summary>
    Failed,
}
