namespace PluginHost.Shared.Runs;

/// <summary>How a work item ended.</summary>
public enum ItemOutcome
{
    /// <summary>Every step completed.</summary>
    Succeeded,
    /// <summary>A step failed.</summary>
    Failed,
}
