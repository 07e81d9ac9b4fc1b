namespace PluginHost.Actors.Journal;

/// <summary>Where a cluster member stands in the nodes table.</summary>
public enum NodeState
{
    /// <summary>Heartbeating and claiming work.</summary>
    Alive,
    /// <summary>Heartbeating, finishing or handing back its items, claiming nothing new.</summary>
    Draining,
    /// <summary>Missed heartbeats beyond the timeout; its items were handed back.</summary>
    Dead,
    /// <summary>Deregistered after a graceful drain.</summary>
    Left,
}
