using PluginHost.Actors.Coordination;
using PluginHost.Actors.Journal;
using PluginHost.Actors.Kernel;
using PluginHost.Actors.Runners;
using PluginHost.Wasm;
using Serilog;
using Serilog.Core;

namespace PluginHost.Nodes.Hosting;

/// <summary>An embedded node: data directory, SQLite journal, logging, runner pool, step executors and coordinator.</summary>
public sealed class PluginHostNode : IAsyncDisposable
{
    private readonly ActorSystem _system;
    private readonly RunnerPool _runners;
    private readonly Logger _logger;

    private PluginHostNode(string dataDirectory, ActorSystem system, RunnerPool runners, IJournal journal, ModuleCache modules,
        StepExecutorRegistry executors, RunCoordinator coordinator, Logger logger)
    {
        DataDirectory = dataDirectory;
        _system = system;
        _runners = runners;
        Journal = journal;
        Modules = modules;
        Executors = executors;
        Coordinator = coordinator;
        _logger = logger;
    }

    /// <summary>Full path of the data directory.</summary>
    public string DataDirectory { get; }

    /// <summary>The node's journal (DATA/journal.db).</summary>
    public IJournal Journal { get; }

    /// <summary>The node's compiled-module cache.</summary>
    public ModuleCache Modules { get; }

    /// <summary>The registered step executors.</summary>
    public StepExecutorRegistry Executors { get; }

    /// <summary>The run coordinator.</summary>
    public RunCoordinator Coordinator { get; }

    /// <summary>The node's logger.</summary>
    public ILogger Log => _logger;

    /// <summary>Starts a node; <paramref name="register"/> adds step executors beyond the built-in "wasi" and "proto-install" kinds.</summary>
    public static async Task<PluginHostNode> StartAsync(NodeOptions options, Action<StepExecutorRegistry, ModuleCache>? register = null,
        CancellationToken cancellationToken = default)
    {
        var dataDirectory = Path.GetFullPath(options.DataDirectory);
        Directory.CreateDirectory(dataDirectory);
        var logger = NodeLogging.Create(dataDirectory, options);
        try
        {
            var journal = await SqliteJournal.OpenInDirectoryAsync(dataDirectory, null, cancellationToken);
            var modules = new ModuleCache(new Engine(new EngineConfig { RunOnCallerThread = true }));
            var executors = NodeStepExecutors.Create(modules, register);
            var system = new ActorSystem("pluginhost");
            system.ActorFailed += failure => logger.Error(failure.Cause, "Actor {Actor} failed", failure.Actor.Path);
            var runners = new RunnerPool(system, options.Runners);
            var coordinator = new RunCoordinator(journal, runners, executors, logger);
            logger.Information("Node started: data {DataDirectory}, {Runners} runners, step kinds {Kinds}",
                dataDirectory, runners.Size, executors.Kinds);
            return new PluginHostNode(dataDirectory, system, runners, journal, modules, executors, coordinator, logger);
        }
        catch (Exception e)
        {
            logger.Fatal(e, "Node failed to start: {Error}", e.Message);
            await logger.DisposeAsync();
            throw;
        }
    }

    /// <summary>Stops the runners and closes the journal and the logs.</summary>
    public async ValueTask DisposeAsync()
    {
        await _runners.DisposeAsync();
        await _system.DisposeAsync();
        await Journal.DisposeAsync();
        _logger.Information("Node stopped");
        await _logger.DisposeAsync();
    }
}
