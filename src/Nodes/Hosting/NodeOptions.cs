using Serilog.Events;

namespace PluginHost.Nodes.Hosting;

/// <summary>How to start an embedded node.</summary>
/// <param name="DataDirectory">Where the store (akka-journal.db) and logs (logs/) live.</param>
/// <param name="LogLevel">Minimum level written to the log file; the console also shows it when set explicitly.</param>
/// <param name="ConsoleLogLevel">Minimum level written to the console (standard error).</param>
/// <param name="Runners">Number of plugin runners; null means one per processor.</param>
public sealed record NodeOptions(string DataDirectory, LogEventLevel LogLevel = LogEventLevel.Information,
    LogEventLevel ConsoleLogLevel = LogEventLevel.Warning, int? Runners = null)
{
    /// <summary>The default data directory, relative to the current directory.</summary>
    public const string DefaultDataDirectory = ".pluginhost";

    /// <summary>Environment variable that sets the data directory when --data-dir is not given.</summary>
    public const string DataDirectoryVariable = "PLUGINHOST_DATA_DIR";

    /// <summary>The data directory every command uses when --data-dir is not given: $PLUGINHOST_DATA_DIR, else <see cref="DefaultDataDirectory"/>.</summary>
    public static string ConfiguredDataDirectory =>
        Environment.GetEnvironmentVariable(DataDirectoryVariable) is { Length: > 0 } fromEnv ? fromEnv : DefaultDataDirectory;

    /// <summary>How long running steps may take to finish after SIGTERM/Ctrl+C before they are cancelled (default 30 s).</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Environment variable that sets the log level when --log-level is not given.</summary>
    public const string LogLevelVariable = "PLUGINHOST_LOG_LEVEL";

    /// <summary>Parses a level name (verbose, debug, information/info, warning/warn, error, fatal); throws
    /// <see cref="FormatException"/> naming the accepted names.</summary>
    public static LogEventLevel ParseLevel(string text) => text.Trim().ToLowerInvariant() switch
    {
        "verbose" or "trace" => LogEventLevel.Verbose,
        "debug" => LogEventLevel.Debug,
        "information" or "info" => LogEventLevel.Information,
        "warning" or "warn" => LogEventLevel.Warning,
        "error" => LogEventLevel.Error,
        "fatal" => LogEventLevel.Fatal,
        _ => throw new FormatException($"log level '{text}' is unknown (expected verbose, debug, information, warning, error or fatal)"),
    };
}
