using PluginHost.Shared.Runs;

namespace PluginHost.Actors.Runners;

/// <summary>Everything an executor gets for one step: the step, what the journal already knows, output and cancellation.</summary>
/// <param name="RunId">The run.</param>
/// <param name="ItemId">The work item.</param>
/// <param name="StepIndex">Zero-based index of the step in the item.</param>
/// <param name="Step">The step to run.</param>
/// <param name="PreviousResults">Results of the item's earlier steps, as journaled (index = step index).</param>
/// <param name="Attempt">1 on the first run of the step; more when the journal shows it started before and never finished.</param>
/// <param name="Output">Reports output on a named stream ("stdout", "stderr", "log"); thread-safe, journaled as StepOutput.</param>
/// <param name="CancellationToken">Signals that the step must stop (node shutting down).</param>
public sealed record StepContext(
    string RunId,
    string ItemId,
    int StepIndex,
    StepSpec Step,
    IReadOnlyList<Payload> PreviousResults,
    int Attempt,
    Action<string, Payload> Output,
    CancellationToken CancellationToken)
{
    /// <summary>True when the step started before (e.g. before a crash) without a journaled completion.</summary>
    public bool IsRetry => Attempt > 1;

    /// <summary>What earlier attempts of this step journaled as output (empty on the first attempt), in journal order.</summary>
    public IReadOnlyList<StepOutput> EarlierOutputs { get; init; } = [];

    /// <summary>Journals an output and completes once it is durable (a checkpoint a retry can read back through
    /// <see cref="EarlierOutputs"/>); by default the output is reported through <see cref="Output"/> without waiting.</summary>
    public Func<string, Payload, Task> OutputDurableAsync
    {
        get => _outputDurable ?? ((stream, data) => { Output(stream, data); return Task.CompletedTask; });
        init => _outputDurable = value;
    }

    private readonly Func<string, Payload, Task>? _outputDurable;
}
