namespace PluginHost.Actors.Cluster;

/// <summary>The node no longer owns the item (its lease expired and another node took it, or it was handed back); its
/// events were not journaled.</summary>
public sealed class LeaseLostException(string nodeId, string runId, string itemId)
    : Exception($"node '{nodeId}' lost its lease on item '{itemId}' of run '{runId}'; its events were not journaled");
