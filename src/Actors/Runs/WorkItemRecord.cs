namespace PluginHost.Actors.Runs;

/// <summary>A row of the work-item table.</summary>
/// <param name="RunId">The run.</param>
/// <param name="ItemId">The item, unique within its run.</param>
/// <param name="Name">Human-readable name of the item.</param>
/// <param name="State">Where the item stands.</param>
/// <param name="OwnerNode">The node holding the item, when claimed.</param>
/// <param name="LeaseExpiresAt">When the owner's lease runs out, when claimed.</param>
/// <param name="Attempts">How many times the item was claimed.</param>
public sealed record WorkItemRecord(
    string RunId, string ItemId, string Name, WorkItemState State, string? OwnerNode, DateTimeOffset? LeaseExpiresAt, int Attempts);
