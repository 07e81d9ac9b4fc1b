using PluginHost.Actors.Cluster;
using PluginHost.Shared.Runs;

namespace PluginHost.Actors.Tests.Cluster;

/// Journals StepStarted, then waits for the gate before journaling StepCompleted: an item that is "running" while the
/// test does things to its lease.
public sealed class GatedExecutor : IItemExecutor
{
    private readonly TaskCompletionSource gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int started;

    public int Started => started;

    public void Open() => gate.TrySetResult();

    public async Task<ItemOutcome> ExecuteAsync(RunSpec run, WorkItemSpec item, ItemEventSink events, CancellationToken cancellationToken)
    {
        await events.AppendAsync([new StepStarted(run.RunId, item.ItemId, 0, DateTimeOffset.UtcNow, "exec")], cancellationToken);
        Interlocked.Increment(ref started);
        await gate.Task; // deliberately deaf to cancellation: a partitioned node keeps working
        await events.AppendAsync([new StepCompleted(run.RunId, item.ItemId, 0, DateTimeOffset.UtcNow, Payload.Empty)], CancellationToken.None);
        return ItemOutcome.Succeeded;
    }
}
