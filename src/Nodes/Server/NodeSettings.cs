namespace PluginHost.Nodes.Server;

/// <summary>Everything `pluginhost node` is started with.</summary>
public sealed record NodeSettings
{
    /// <summary>Where the journal lives (PostgreSQL for a cluster of several nodes).</summary>
    public required StoreLocation Store { get; init; }

    /// <summary>host:port the HTTP API listens on, e.g. "127.0.0.1:8080".</summary>
    public required string Listen { get; init; }

    /// <summary>The node's id (its label in logs, `pluginhost nodes` and the builtin:node step).</summary>
    public required string NodeId { get; init; }

    /// <summary>The address clients reach this node's HTTP API at; by default http://{Listen}.</summary>
    public required string AdvertisedAddress { get; init; }

    /// <summary>Plugin runners of the node (steps it runs at once).</summary>
    public int Runners { get; init; } = 4;

    /// <summary>Host remoting binds to.</summary>
    public string RemotingHost { get; init; } = "127.0.0.1";

    /// <summary>Host or IP the other members reach this one at; null: <see cref="RemotingHost"/>.</summary>
    public string? PublicHost { get; init; }

    /// <summary>Remoting port (equal on every member when seeds come from DNS).</summary>
    public int RemotingPort { get; init; } = 4053;

    /// <summary>Seed node addresses (akka.tcp://pluginhost@host:port); empty: the node forms a cluster by itself.</summary>
    public IReadOnlyList<string> Seeds { get; init; } = [];

    /// <summary>Cluster roles of the node.</summary>
    public IReadOnlyList<string> Roles { get; init; } = [];

    /// <summary>How long a stopping node lets running steps finish before they are cancelled.</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long to keep retrying when the store is not reachable at start.</summary>
    public TimeSpan StoreWait { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long to wait for this member to be Up.</summary>
    public TimeSpan JoinTimeout { get; init; } = TimeSpan.FromSeconds(60);
}
