namespace PluginHost.Shared.Cli;

/// <summary>The CLI's exit codes.</summary>
public static class ExitCodes
{
    /// <summary>Everything succeeded.</summary>
    public const int Success = 0;
    /// <summary>The command ran but something it checked or ran failed.</summary>
    public const int Failed = 1;
    /// <summary>Bad command line, missing input or missing tool.</summary>
    public const int Usage = 2;

    /// <summary>The exit code of a run with <paramref name="failed"/> failed items: their number, capped at 125 so that the
    /// codes above keep their meaning (130 Ctrl+C, 134 trap, 143 SIGTERM).</summary>
    public static int ForFailures(int failed) => Math.Clamp(failed, 0, 125);
}
