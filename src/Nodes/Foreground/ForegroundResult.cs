namespace PluginHost.Nodes.Foreground;

/// <summary>What a foreground run ended with.</summary>
/// <param name="Failed">Failed items of the runs that finished.</param>
/// <param name="Interrupted">Runs left unfinished by a shutdown signal (resumable with `pluginhost resume RUN`).</param>
/// <param name="SignalExitCode">128 + the signal's number when a signal interrupted runs (143 SIGTERM, 130 SIGINT).</param>
public sealed record ForegroundResult(int Failed, IReadOnlyList<string> Interrupted, int SignalExitCode = 0)
{
    /// <summary>True when a shutdown signal left work unfinished.</summary>
    public bool WasInterrupted => SignalExitCode != 0;

    /// <summary>The process exit code: the signal's code when interrupted, else the failed item count (capped at 255).</summary>
    public int ExitCode => WasInterrupted ? SignalExitCode : ExitCodes.ForFailures(Failed);
}
