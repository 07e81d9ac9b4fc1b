namespace PluginHost.Actors.Runs;

/// <summary>Where a run stands, as derived from its journal.</summary>
public enum RunState
{
    /// <summary>RunAccepted was journaled; no step started yet.</summary>
    Accepted,
    /// <summary>At least one step started.</summary>
    Running,
    /// <summary>RunCompleted was journaled with no failed item.</summary>
    Completed,
    /// <summary>RunCompleted was journaled with at least one failed item.</summary>
    Failed,
}
