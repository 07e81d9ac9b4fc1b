namespace PluginHost.Actors.Journal;

/// <summary>Which clock judges leases and heartbeats.</summary>
public enum LeaseClock
{
    /// <summary>The database server's clock, shared by every node, so a node with a skewed clock is judged correctly.</summary>
    Store,
    /// <summary>The journal's own <see cref="TimeProvider"/> (one machine, or tests that move time by hand).</summary>
    Node,
}
