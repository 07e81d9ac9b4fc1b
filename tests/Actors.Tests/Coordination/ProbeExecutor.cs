using System.Collections.Concurrent;
using PluginHost.Actors.Runners;
using PluginHost.Shared.Runs;

namespace PluginHost.Actors.Tests.Coordination;

/// <summary>A "probe" step kind recording every call; input "fail" fails the step, "barrier" waits until
/// <see cref="Barrier"/>'s participants all arrive (proving they run at the same time), "gate" signals
/// <see cref="Entered"/> then waits for <see cref="Gate"/> (failing when cancelled), anything else succeeds echoing the input.</summary>
public sealed class ProbeExecutor : IStepExecutor
{
    /// <summary>Calls in the order they started: (item, step index, attempt).</summary>
    public ConcurrentQueue<(string Item, int Step, int Attempt)> Calls { get; } = new();

    /// <summary>Barrier for "barrier" steps.</summary>
    public Barrier? Barrier { get; set; }

    /// <summary>Opened by the test to let "gate" steps finish.</summary>
    public TaskCompletionSource Gate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Released once by every "gate" step as it starts waiting.</summary>
    public SemaphoreSlim Entered { get; } = new(0);

    /// <inheritdoc />
    public string Kind => "probe";

    /// <inheritdoc />
    public async Task<StepResult> ExecuteAsync(StepContext context)
    {
        Calls.Enqueue((context.ItemId, context.StepIndex, context.Attempt));
        var input = context.Step.Input.Text ?? "";
        context.Output("log", Payload.OfText($"{context.ItemId}/{context.StepIndex}"));
        if (input == "fail") return StepResult.Failure($"{context.ItemId} step {context.StepIndex} failed on purpose");
        if (input == "barrier" && !Barrier!.SignalAndWait(TimeSpan.FromSeconds(20)))
            return StepResult.Failure("the other items never ran at the same time");
        if (input == "gate")
        {
            Entered.Release();
            try { await Gate.Task.WaitAsync(context.CancellationToken); }
            catch (OperationCanceledException) { return StepResult.Failure("cancelled while waiting for the gate"); }
        }
        return StepResult.Success(Payload.OfText($"done {context.ItemId}/{context.StepIndex}"));
    }

    /// <summary>A probe step with an input.</summary>
    public static StepSpec Step(string name, string input = "ok") => new(name, "probe", Payload.OfText(input), StepLimits.Default, "probe");
}
