using System.Globalization;
using PluginHost.Shared.Runs;

namespace PluginHost.Actors.Cluster;

/// <summary>Runs steps whose plugin is built in: "builtin:echo" (outputs its input), "builtin:node" (outputs the running node's id), "builtin:sleep" (waits its input in
/// milliseconds) and "builtin:fail" (fails with its input); any other plugin fails the step, naming it.</summary>
public sealed class BuiltinItemExecutor(TimeProvider? time = null) : IItemExecutor
{
    private readonly TimeProvider clock = time ?? TimeProvider.System;

    /// <inheritdoc />
    public async Task<ItemOutcome> ExecuteAsync(RunSpec run, WorkItemSpec item, ItemEventSink events, CancellationToken cancellationToken)
    {
        for (var i = 0; i < item.Steps.Count; i++)
        {
            var step = item.Steps[i];
            await events.AppendAsync([new StepStarted(run.RunId, item.ItemId, i, clock.GetUtcNow(), step.Name)], cancellationToken);
            var input = step.Input.Text ?? "";
            string? error = null;
            switch (step.Plugin)
            {
                case "builtin:echo":
                    await events.AppendAsync([new StepOutput(run.RunId, item.ItemId, i, clock.GetUtcNow(), "stdout", step.Input)], cancellationToken);
                    break;
                case "builtin:node":
                    await events.AppendAsync([new StepOutput(run.RunId, item.ItemId, i, clock.GetUtcNow(), "stdout", Payload.OfText(events.NodeId))], cancellationToken);
                    break;
                case "builtin:sleep":
                    if (!int.TryParse(input, NumberStyles.None, CultureInfo.InvariantCulture, out var ms))
                        error = $"step {i} ('{step.Name}'): builtin:sleep expects its input to be a whole number of milliseconds, got '{input}'";
                    else await Task.Delay(ms, cancellationToken);
                    break;
                case "builtin:fail":
                    error = $"step {i} ('{step.Name}') failed: {input}";
                    break;
                default:
                    error = $"step {i} ('{step.Name}'): plugin '{step.Plugin}' cannot run here: this executor runs only " +
                            "builtin:echo, builtin:node, builtin:sleep and builtin:fail";
                    break;
            }
            if (error is not null)
            {
                await events.AppendAsync([new StepFailed(run.RunId, item.ItemId, i, clock.GetUtcNow(), error)], cancellationToken);
                return ItemOutcome.Failed;
            }
            await events.AppendAsync([new StepCompleted(run.RunId, item.ItemId, i, clock.GetUtcNow(), Payload.Empty)], cancellationToken);
        }
        return ItemOutcome.Succeeded;
    }
}
