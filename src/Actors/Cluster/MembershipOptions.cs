namespace PluginHost.Actors.Cluster;

/// <summary>How a node takes part in cluster membership.</summary>
public sealed record MembershipOptions
{
    /// <summary>The node's unique id.</summary>
    public required string NodeId { get; init; }

    /// <summary>The address its HTTP API is reachable at.</summary>
    public string Address { get; init; } = "";

    /// <summary>How many items the node runs at once.</summary>
    public int Capacity { get; init; } = 4;

    /// <summary>How often the node heartbeats and looks for dead peers.</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long without a heartbeat (by the store's clock) before a node is declared dead.</summary>
    public TimeSpan DeadAfter { get; init; } = TimeSpan.FromSeconds(5);
}
