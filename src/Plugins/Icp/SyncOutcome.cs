namespace PluginHost.Plugins.Icp;

/// <summary>The result of one plugin run: success or an error message, plus the kept stderr lines.</summary>
/// <param name="Error">Null on success; else the plugin's err string, the trap, or the exceeded limit.</param>
/// <param name="StderrLines">Stderr lines (ANSI stripped, capped, with a truncation line if any).</param>
/// <param name="StdoutLines">Stdout lines (transient progress; kept here for callers that want them).</param>
/// <param name="Calls">Number of canister calls the plugin made (refused ones included).</param>
public sealed record SyncOutcome(string? Error, IReadOnlyList<string> StderrLines, IReadOnlyList<string> StdoutLines, int Calls)
{
    /// <summary>Whether exec returned ok.</summary>
    public bool Succeeded => Error is null;
}
