namespace PluginHost.Actors.Journal;

/// <summary>A row of the nodes table: one cluster member.</summary>
/// <param name="NodeId">The node's unique id.</param>
/// <param name="Address">The address its HTTP API is reachable at, e.g. "http://10.0.0.5:8080".</param>
/// <param name="StartedAt">When the node registered (store clock).</param>
/// <param name="Capacity">How many items the node runs at once.</param>
/// <param name="LastHeartbeat">The node's last heartbeat (store clock).</param>
/// <param name="State">Where the node stands.</param>
/// <param name="HeartbeatAge">How long ago, by the store's clock at listing time, the last heartbeat was.</param>
public sealed record NodeRecord(
    string NodeId, string Address, DateTimeOffset StartedAt, int Capacity, DateTimeOffset LastHeartbeat, NodeState State, TimeSpan HeartbeatAge);
