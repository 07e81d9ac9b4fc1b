using PluginHost.Actors.Hosting;
using PluginHost.Actors.Runners;
using Serilog;
using Serilog.Core;

namespace PluginHost.Nodes.Hosting;

/// <summary>An embedded node for the local commands: data directory, logging, step executors and an
/// <see cref="AkkaNode"/> (one-node cluster on the SQLite file in the data directory, remoting on loopback only).</summary>
public sealed class PluginHostNode : IAsyncDisposable
{
    private readonly Logger _logger;

    private PluginHostNode(string dataDirectory, AkkaNode akka, ModuleCache modules, StepExecutorRegistry executors, Logger logger)
    {
        DataDirectory = dataDirectory;
        Akka = akka;
        Modules = modules;
        Executors = executors;
        _logger = logger;
    }

    /// <summary>Full path of the data directory.</summary>
    public string DataDirectory { get; }

    /// <summary>The Akka.NET node: runs, runners, journal queries.</summary>
    public AkkaNode Akka { get; }

    /// <summary>The node's compiled-module cache.</summary>
    public ModuleCache Modules { get; }

    /// <summary>The registered step executors.</summary>
    public StepExecutorRegistry Executors { get; }

    /// <summary>The node's logger.</summary>
    public ILogger Log => _logger;

    /// <summary>The Akka settings of the embedded node of a data directory.</summary>
    public static AkkaNodeSettings Settings(string dataDirectory, int? runners = null) =>
        new(Path.GetFullPath(dataDirectory), null, runners ?? Environment.ProcessorCount)
        {
            RememberEntities = false, AkkaLogLevel = global::Akka.Event.LogLevel.WarningLevel,
        };

    /// <summary>Starts a node; <paramref name="register"/> adds step executors beyond the built-in "wasi" and
    /// "proto-install" kinds; throws <see cref="StoreException"/> (one line) when the store cannot be used.</summary>
    public static async Task<PluginHostNode> StartAsync(NodeOptions options, Action<StepExecutorRegistry, ModuleCache>? register = null,
        CancellationToken cancellationToken = default)
    {
        var dataDirectory = Path.GetFullPath(options.DataDirectory);
        Directory.CreateDirectory(dataDirectory);
        var logger = NodeLogging.Create(dataDirectory, options);
        Serilog.Log.Logger = logger; // Akka.Logger.Serilog writes Akka's log through the static logger
        try
        {
            var modules = new ModuleCache();
            var executors = NodeStepExecutors.Create(modules, register);
            var settings = Settings(dataDirectory, options.Runners);
            var akka = await AkkaNode.StartAsync(settings, executors, cancellationToken);
            logger.Information("Node started in {StartupMs} ms: data {DataDirectory}, {Runners} runners, step kinds {Kinds}",
                (int)akka.StartupTime.TotalMilliseconds, dataDirectory, settings.Runners, executors.Kinds);
            return new PluginHostNode(dataDirectory, akka, modules, executors, logger);
        }
        catch (Exception e)
        {
            // A store that cannot be used is the caller's one line; anything else is a bug worth its stack trace.
            if (e is not StoreException) logger.Fatal(e, "Node failed to start: {Error}", e.Message);
            await logger.DisposeAsync();
            throw;
        }
    }

    /// <summary>Stops the node (coordinated shutdown) and closes the logs.</summary>
    public async ValueTask DisposeAsync()
    {
        await Akka.DisposeAsync();
        _logger.Information("Node stopped");
        Serilog.Log.Logger = Serilog.Core.Logger.None;
        await _logger.DisposeAsync();
    }
}
