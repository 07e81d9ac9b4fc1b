using System.Collections.Concurrent;
using PluginHost.Actors.Runners;
using PluginHost.Shared.Runs;

namespace PluginHost.Actors.Tests.Coordination;

/// <summary>A "probe" step kind recording every call; input "fail" fails the step, "barrier" waits until
/// <see cref="Barrier"/>'s participants all arrive (proving they run at the same time), anything else succeeds
/// echoing the input.</summary>
public sealed class ProbeExecutor : IStepExecutor
{
    /// <summary>Calls in the order they started: (item, step index, attempt).</summary>
    public ConcurrentQueue<(string Item, int Step, int Attempt)> Calls { get; } = new();

    /// <summary>Barrier for "barrier" steps.</summary>
    public Barrier? Barrier { get; set; }

    /// <inheritdoc />
    public string Kind => "probe";

    /// <inheritdoc />
    public Task<StepResult> ExecuteAsync(StepContext context)
    {
        Calls.Enqueue((context.ItemId, context.StepIndex, context.Attempt));
        var input = context.Step.Input.Text ?? "";
        context.Output("log", Payload.OfText($"{context.ItemId}/{context.StepIndex}"));
        if (input == "fail") return Task.FromResult(StepResult.Failure($"{context.ItemId} step {context.StepIndex} failed on purpose"));
        if (input == "barrier" && !Barrier!.SignalAndWait(TimeSpan.FromSeconds(20)))
            return Task.FromResult(StepResult.Failure("the other items never ran at the same time"));
        return Task.FromResult(StepResult.Success(Payload.OfText($"done {context.ItemId}/{context.StepIndex}")));
    }

    /// <summary>A probe step with an input.</summary>
    public static StepSpec Step(string name, string input = "ok") => new(name, "probe", Payload.OfText(input), StepLimits.Default, "probe");
}
