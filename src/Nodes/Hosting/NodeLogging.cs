using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace PluginHost.Nodes.Hosting;

/// <summary>The node's Serilog configuration: console (standard error) and a daily rolling file under DATA/logs.</summary>
public static class NodeLogging
{
    /// <summary>Output template with the run/item/step properties when present.</summary>
    public const string FileTemplate =
        "{Timestamp:yyyy-MM-dd HH:mm:ss.fff zzz} [{Level:u3}] {Message:lj} {Properties:j}{NewLine}{Exception}";

    /// <summary>Creates the node's logger.</summary>
    public static Logger Create(string dataDirectory, NodeOptions options) => new LoggerConfiguration()
        .MinimumLevel.Is((LogEventLevel)Math.Min((int)options.LogLevel, (int)options.ConsoleLogLevel))
        .Enrich.FromLogContext()
        .WriteTo.Logger(console => console
            // Akka's own warnings (e.g. a delayed cluster heartbeat on a busy machine) are the file's; unless a lower
            // level was asked for, the console shows Akka only from Error.
            .Filter.ByExcluding(e => options.ConsoleLogLevel >= LogEventLevel.Warning && e.Level < LogEventLevel.Error && e.Properties.ContainsKey("LogSource"))
            .WriteTo.Console(restrictedToMinimumLevel: options.ConsoleLogLevel, standardErrorFromLevel: LogEventLevel.Verbose,
                outputTemplate: "[{Level:u3}] {Message:lj}{NewLine}{Exception}"))
        .WriteTo.File(Path.Combine(dataDirectory, "logs", "pluginhost-.log"), restrictedToMinimumLevel: options.LogLevel,
            rollingInterval: RollingInterval.Day, retainedFileCountLimit: 14, outputTemplate: FileTemplate, shared: true)
        .CreateLogger();
}
