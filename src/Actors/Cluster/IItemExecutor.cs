using PluginHost.Shared.Runs;

namespace PluginHost.Actors.Cluster;

/// <summary>Executes the steps of one work item, journaling its step events through a sink.</summary>
public interface IItemExecutor
{
    /// <summary>Runs the item's steps in order; returns whether the item succeeded. Throws
    /// <see cref="LeaseLostException"/> (from the sink) or <see cref="OperationCanceledException"/> when the node lost the item.</summary>
    Task<ItemOutcome> ExecuteAsync(RunSpec run, WorkItemSpec item, ItemEventSink events, CancellationToken cancellationToken);
}
