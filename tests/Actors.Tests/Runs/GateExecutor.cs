using System.Collections.Concurrent;
using PluginHost.Actors.Runners;
using PluginHost.Shared.Runs;

namespace PluginHost.Actors.Tests.Runs;

/// <summary>A test step kind "gate": counts runs per (item, step), records attempts, blocks steps named "block" until
/// released, fails steps named "fail", throws in steps named "throw", checkpoints an output in steps named "checkpoint".</summary>
public sealed class GateExecutor : IStepExecutor
{
    /// <summary>Released to let blocked steps go on.</summary>
    public ManualResetEventSlim Gate { get; } = new(false);

    /// <summary>Runs per "item/step".</summary>
    public ConcurrentDictionary<string, int> Runs { get; } = new();

    /// <summary>Attempts seen per "item/step".</summary>
    public ConcurrentDictionary<string, int> Attempts { get; } = new();

    /// <summary>Earlier outputs seen per "item/step".</summary>
    public ConcurrentDictionary<string, int> EarlierOutputs { get; } = new();

    /// <summary>Steps currently blocked.</summary>
    public int Blocked => _blocked;

    private int _blocked;

    /// <inheritdoc />
    public string Kind => "gate";

    /// <inheritdoc />
    public async Task<StepResult> ExecuteAsync(StepContext context)
    {
        var key = $"{context.ItemId}/{context.StepIndex}";
        Runs.AddOrUpdate(key, 1, (_, n) => n + 1);
        Attempts[key] = context.Attempt;
        EarlierOutputs[key] = context.EarlierOutputs.Count;
        switch (context.Step.Name)
        {
            case "block":
                if (context.EarlierOutputs.Count == 0) await context.OutputDurableAsync("log", Payload.OfText("checkpoint " + key));
                Interlocked.Increment(ref _blocked);
                Gate.Wait(context.CancellationToken);
                Interlocked.Decrement(ref _blocked);
                break;
            case "fail": return StepResult.Failure("failed on purpose");
            case "throw": throw new InvalidOperationException("thrown on purpose");
        }
        return StepResult.Success(Payload.OfText($"{key}:{context.PreviousResults.Count}"));
    }

    /// <summary>A step of this kind.</summary>
    public static StepSpec Step(string name) => new(name, "gate", Payload.Empty, StepLimits.Default, "gate");
}
