using PluginHost.Shared.Runs;

namespace PluginHost.Actors.Runs;

/// <summary>What the journal says about one work item: completed steps, attempts of the next step, outcome.</summary>
public sealed class ItemProgress
{
    /// <summary>Creates the progress of an item that has not started.</summary>
    public ItemProgress(WorkItemSpec spec) => Spec = spec;

    /// <summary>The item's spec.</summary>
    public WorkItemSpec Spec { get; }

    /// <summary>Results of the completed steps, in step order (its count is the next step's index).</summary>
    public List<Payload> Results { get; } = [];

    /// <summary>How many times each step index was journaled as started.</summary>
    public Dictionary<int, int> Starts { get; } = [];

    /// <summary>Outputs journaled by started steps that have not completed, by step index (a retry reads them back).</summary>
    public Dictionary<int, List<StepOutput>> PendingOutputs { get; } = [];

    /// <summary>The failing step's error, when a StepFailed was journaled.</summary>
    public string? FailedError { get; set; }

    /// <summary>The item's outcome once ItemCompleted was journaled.</summary>
    public ItemOutcome? Outcome { get; set; }

    /// <summary>Index of the next step to run.</summary>
    public int NextStep => Results.Count;

    /// <summary>Attempt number the next step would have (1 unless it was started before without completing).</summary>
    public int NextAttempt => Starts.GetValueOrDefault(NextStep) + 1;
}
