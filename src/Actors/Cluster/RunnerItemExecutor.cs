using PluginHost.Actors.Coordination;
using PluginHost.Actors.Journal;
using PluginHost.Actors.Runners;
using PluginHost.Shared.Runs;

namespace PluginHost.Actors.Cluster;

/// <summary>Runs a claimed item's steps on the node's runner pool with the node's step executors: replays the item's
/// journal first and skips the steps it shows completed, then journals each step (StepStarted before it runs; its
/// output lines with StepCompleted or StepFailed after it) through the owner-checked sink.</summary>
public sealed class RunnerItemExecutor(RunnerPool runners, StepExecutorRegistry executors, TimeProvider? time = null) : IItemExecutor
{
    private readonly TimeProvider clock = time ?? TimeProvider.System;

    /// <inheritdoc />
    public async Task<ItemOutcome> ExecuteAsync(RunSpec run, WorkItemSpec item, ItemEventSink events, CancellationToken cancellationToken)
    {
        var progress = Replay(run, item, await events.ReadHistoryAsync(cancellationToken));
        if (progress.Outcome is { } known) return known;
        if (progress.FailedError is not null) return ItemOutcome.Failed; // StepFailed is durable; only ItemCompleted was missing
        for (var index = progress.NextStep; index < item.Steps.Count; index++)
        {
            var step = item.Steps[index];
            var stepIndex = index;
            await events.AppendAsync([new StepStarted(run.RunId, item.ItemId, stepIndex, clock.GetUtcNow(), step.Name)], cancellationToken);
            // Output lines are journaled with the step's end, in the same owner-checked transaction.
            var output = new List<RunEvent>();
            var context = new StepContext(run.RunId, item.ItemId, stepIndex, step, progress.Results.ToArray(), progress.NextAttempt,
                (stream, data) => { lock (output) output.Add(new StepOutput(run.RunId, item.ItemId, stepIndex, clock.GetUtcNow(), stream, data)); },
                cancellationToken)
            {
                EarlierOutputs = progress.PendingOutputs.TryGetValue(stepIndex, out var earlier) ? earlier.ToArray() : [],
                // A checkpoint: journaled now (with the lines buffered before it), owner-checked like every write.
                OutputDurableAsync = async (stream, data) =>
                {
                    List<RunEvent> now;
                    lock (output)
                    {
                        output.Add(new StepOutput(run.RunId, item.ItemId, stepIndex, clock.GetUtcNow(), stream, data));
                        now = [.. output];
                        output.Clear();
                    }
                    await events.AppendAsync(now, cancellationToken);
                },
            };
            var result = executors.Find(step.EffectiveKind) is { } executor
                ? await runners.ExecuteAsync(executor, context)
                : StepResult.Failure($"step {stepIndex} ('{step.Name}') has kind '{step.EffectiveKind}', which this node cannot run (known: {string.Join(", ", executors.Kinds)})");
            cancellationToken.ThrowIfCancellationRequested(); // the lease was lost or the node stops: journal nothing more
            List<RunEvent> end;
            lock (output) end = [.. output];
            end.Add(result.Succeeded
                ? new StepCompleted(run.RunId, item.ItemId, stepIndex, clock.GetUtcNow(), result.Result)
                : new StepFailed(run.RunId, item.ItemId, stepIndex, clock.GetUtcNow(), result.Error ?? "step failed"));
            await events.AppendAsync(end, cancellationToken);
            if (!result.Succeeded) return ItemOutcome.Failed;
            progress.Results.Add(result.Result);
        }
        return ItemOutcome.Succeeded;
    }

    // The coordinator's replay, fed with a spec of this one item and the item's own events.
    private static ItemProgress Replay(RunSpec run, WorkItemSpec item, IReadOnlyList<JournalEntry> history)
    {
        var accepted = new JournalEntry(run.RunId, 0, new RunAccepted(run.RunId, DateTimeOffset.MinValue, run with { Items = [item] }), DateTimeOffset.MinValue);
        return RunProgress.FromJournal(run.RunId, [accepted, .. history]).Items[0];
    }
}
