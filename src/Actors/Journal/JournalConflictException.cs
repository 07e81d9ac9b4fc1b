namespace PluginHost.Actors.Journal;

/// <summary>An append expected a run to be at one sequence number but it was at another (or the run already exists).</summary>
public sealed class JournalConflictException : JournalException
{
    /// <summary>Creates the exception.</summary>
    public JournalConflictException(string runId, long expected, long actual, string? detail = null)
        : base(detail ?? $"run '{runId}': expected last sequence number {expected}, but it is {actual} (another writer appended first)")
    {
        RunId = runId;
        Expected = expected;
        Actual = actual;
    }

    /// <summary>The run.</summary>
    public string RunId { get; }

    /// <summary>The sequence number the caller expected.</summary>
    public long Expected { get; }

    /// <summary>The run's actual last sequence number.</summary>
    public long Actual { get; }
}
