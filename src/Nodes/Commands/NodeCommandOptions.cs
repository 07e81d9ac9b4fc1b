using System.CommandLine;
using PluginHost.Nodes.Hosting;
using Serilog.Events;

namespace PluginHost.Nodes.Commands;

/// <summary>The options every node command shares: --data-dir, --log-level, --runners and --drain-seconds.</summary>
public sealed class NodeCommandOptions
{
    /// <summary>--data-dir DIR.</summary>
    public Option<string> DataDir { get; } = new("--data-dir")
    {
        Description = $"Data directory holding the embedded store and logs/ (${NodeOptions.DataDirectoryVariable}, default {NodeOptions.DefaultDataDirectory})",
    };

    /// <summary>--log-level LEVEL.</summary>
    public Option<string?> LogLevel { get; } = new("--log-level")
    {
        Description = $"verbose, debug, information, warning, error or fatal (default: ${NodeOptions.LogLevelVariable} or information)",
    };

    /// <summary>--runners N.</summary>
    public Option<int?> Runners { get; } = new("--runners") { Description = "Number of plugin runners (default: one per processor)" };

    /// <summary>--drain-seconds S.</summary>
    public Option<double> DrainSeconds { get; } = new("--drain-seconds")
    {
        Description = "On SIGTERM/Ctrl+C, seconds running steps may take to finish before they are cancelled",
        DefaultValueFactory = _ => 30,
    };

    /// <summary>Adds the options to a command that runs plugins.</summary>
    public void AddTo(Command command)
    {
        AddStoreOptionsTo(command);
        command.Add(Runners);
        command.Add(DrainSeconds);
    }

    /// <summary>Adds only --data-dir and --log-level, for commands that read the store but run no plugins.</summary>
    public void AddStoreOptionsTo(Command command)
    {
        command.Add(DataDir);
        command.Add(LogLevel);
    }

    /// <summary>Reads the node options; throws <see cref="FormatException"/> for a bad level or runner count.</summary>
    public NodeOptions Read(ParseResult parse)
    {
        var levelOption = parse.GetValue(LogLevel);
        var levelText = levelOption ?? Environment.GetEnvironmentVariable(NodeOptions.LogLevelVariable);
        var explicitLevel = string.IsNullOrWhiteSpace(levelText) ? (LogEventLevel?)null : Level(levelText, levelOption is null ? "$" + NodeOptions.LogLevelVariable : "--log-level");
        var runners = parse.GetValue(Runners);
        if (runners is <= 0) throw new FormatException($"--runners: expected a whole number, 1 or more, got '{runners}'");
        var drain = parse.GetValue(DrainSeconds);
        if (!(drain >= 0) || double.IsInfinity(drain))
            throw new FormatException($"--drain-seconds: expected a number of seconds, 0 or more, got '{drain.ToString(System.Globalization.CultureInfo.InvariantCulture)}'");
        return new NodeOptions(parse.GetValue(DataDir) ?? NodeOptions.ConfiguredDataDirectory,
            explicitLevel ?? LogEventLevel.Information,
            explicitLevel is { } l && l < LogEventLevel.Warning ? l : LogEventLevel.Warning,
            runners)
        { DrainTimeout = TimeSpan.FromSeconds(drain) };
    }

    // A log level, or a FormatException naming where the text came from and the accepted names.
    private static LogEventLevel Level(string text, string source)
    {
        try
        {
            return NodeOptions.ParseLevel(text);
        }
        catch (FormatException)
        {
            throw new FormatException($"{source}: expected verbose, debug, information, warning, error or fatal, got '{text}'");
        }
    }
}
