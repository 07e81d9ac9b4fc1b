namespace PluginHost.Nodes.Server;

/// <summary>Everything `pluginhost node` is started with.</summary>
public sealed record NodeSettings
{
    /// <summary>Where the journal lives.</summary>
    public required StoreLocation Store { get; init; }

    /// <summary>host:port the HTTP API listens on, e.g. "127.0.0.1:8080".</summary>
    public required string Listen { get; init; }

    /// <summary>The node's id; by default the host name plus the port.</summary>
    public required string NodeId { get; init; }

    /// <summary>The address peers and clients reach this node at; by default http://{Listen}.</summary>
    public required string AdvertisedAddress { get; init; }

    /// <summary>How many items run at once.</summary>
    public int Capacity { get; init; } = 4;

    /// <summary>How long an item's lease lasts without renewal.</summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the node heartbeats.</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long without a heartbeat before a node is declared dead.</summary>
    public TimeSpan DeadAfter { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a stopping node lets running items finish before handing them back.</summary>
    public TimeSpan DrainGrace { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long to keep retrying when the store is not reachable at start.</summary>
    public TimeSpan StoreWait { get; init; } = TimeSpan.FromSeconds(60);
}
