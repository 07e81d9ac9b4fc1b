namespace PluginHost.Actors.Runs;

/// <summary>A run spec was rejected before anything was journaled; the message lists every problem found.</summary>
public sealed class RunSpecException : Exception
{
    /// <summary>Creates the exception from its problems.</summary>
    public RunSpecException(string runId, IReadOnlyList<string> problems)
        : base($"run spec '{runId}' is invalid: {string.Join("; ", problems)}") => Problems = problems;

    /// <summary>Each problem, one sentence each.</summary>
    public IReadOnlyList<string> Problems { get; }
}
