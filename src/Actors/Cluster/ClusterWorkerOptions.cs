namespace PluginHost.Actors.Cluster;

/// <summary>How a node claims and runs work items.</summary>
public sealed record ClusterWorkerOptions
{
    /// <summary>The node's unique id (the owner recorded on claimed items).</summary>
    public required string NodeId { get; init; }

    /// <summary>How many items the node runs at once; it never holds more leases than this.</summary>
    public int Capacity { get; init; } = 4;

    /// <summary>How long a claim lasts without renewal.</summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How often leases of running items are renewed; by default a third of the lease.</summary>
    public TimeSpan? RenewInterval { get; init; }

    /// <summary>How long the worker waits before looking for work again when it found none.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(200);
}
