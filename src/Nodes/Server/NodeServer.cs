using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PluginHost.Actors.Cluster;
using PluginHost.Actors.Journal;
using PluginHost.Actors.Kernel;
using PluginHost.Actors.Runners;
using PluginHost.Nodes.Dashboard;
using PluginHost.Nodes.Hosting;
using PluginHost.Nodes.Metrics;

namespace PluginHost.Nodes.Server;

/// <summary>A cluster node: the journal, membership, a worker claiming items, and the HTTP API.</summary>
public sealed class NodeServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly Membership membership;
    private readonly ClusterWorker worker;
    private readonly TextWriter log;
    private readonly ActorSystem system;
    private readonly RunnerPool runners;
    private int stopped;

    private NodeServer(NodeSettings settings, IJournal journal, WebApplication app, Membership membership, ClusterWorker worker,
        ActorSystem system, RunnerPool runners, TextWriter log)
    {
        Settings = settings;
        Journal = journal;
        this.app = app;
        this.membership = membership;
        this.worker = worker;
        this.system = system;
        this.runners = runners;
        this.log = log;
    }

    /// <summary>The node's settings.</summary>
    public NodeSettings Settings { get; }

    /// <summary>The node's journal.</summary>
    public IJournal Journal { get; }

    /// <summary>The node's worker.</summary>
    public ClusterWorker Worker => worker;

    /// <summary>Opens the store (retrying while unreachable), registers the node, starts the worker and the HTTP API.</summary>
    public static async Task<NodeServer> StartAsync(NodeSettings settings, TextWriter log, CancellationToken cancellationToken = default)
    {
        var journal = await OpenStoreAsync(settings, log, cancellationToken);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://{settings.Listen}");
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
        // A failed start (port in use) is reported by the command as one line; the host's own dump of it is noise.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.None);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = settings.DrainGrace + TimeSpan.FromSeconds(5));
        var tracing = NodeTelemetry.AddTracing(builder, settings.NodeId);
        var app = builder.Build();

        void Log(string message)
        {
            lock (log) log.WriteLine($"{DateTimeOffset.UtcNow:HH:mm:ss.fff} [{settings.NodeId}] {message}");
        }
        var membership = new Membership(journal, new MembershipOptions
        {
            NodeId = settings.NodeId, Address = settings.AdvertisedAddress, Capacity = settings.Capacity,
            HeartbeatInterval = settings.HeartbeatInterval, DeadAfter = settings.DeadAfter,
        }, Log);
        // One runner per unit of capacity: every claimed item has a runner for its current step.
        var system = new ActorSystem($"node-{settings.NodeId}");
        system.ActorFailed += failure => Log($"actor {failure.Actor.Path} failed: {failure.Cause.Message}");
        var runners = new RunnerPool(system, settings.Capacity);
        var modules = new ModuleCache();
        var executors = NodeStepExecutors.Create(modules, (registry, _) => ClusterSteps.Register(registry, settings.NodeId, log));
        var metrics = new NodeMetrics();
        var spans = new ItemSpans();
        metrics.Runners.Set(settings.Capacity);
        metrics.OnScrape((m, ct) => NodeScrape.CollectAsync(m, journal, modules, ct));
        var items = new MeteredItemExecutor(new RunnerItemExecutor(runners, MeteredStepExecutor.Wrap(executors, metrics, spans)), metrics, spans);
        var worker = new ClusterWorker(journal, items, new ClusterWorkerOptions
        {
            NodeId = settings.NodeId, Capacity = settings.Capacity, LeaseDuration = settings.LeaseDuration,
        }, Log);
        var server = new NodeServer(settings, journal, app, membership, worker, system, runners, log);
        NodeApi.Map(app, journal, executors.Kinds);
        NodeTelemetry.MapMetrics(app, metrics);
        DashboardEndpoints.Map(app, DashboardEndpoints.SelfAddress(settings.Listen));
        await membership.StartAsync(cancellationToken);
        worker.Start();
        await app.StartAsync(cancellationToken);
        Log($"listening on http://{settings.Listen} (advertised {settings.AdvertisedAddress}), store {settings.Store}, capacity {settings.Capacity}, " +
            $"step kinds {string.Join(", ", executors.Kinds)}, " +
            $"lease {settings.LeaseDuration.TotalSeconds:0.#} s, dead after {settings.DeadAfter.TotalSeconds:0.#} s; " +
            $"dashboard at /, metrics at /metrics, traces {(tracing ? "exported over OTLP" : "off (no OTEL_EXPORTER_OTLP_ENDPOINT)")}");
        return server;
    }

    /// <summary>Waits until the process is asked to stop (SIGTERM, Ctrl+C).</summary>
    public Task WaitForShutdownAsync() => app.WaitForShutdownAsync();

    /// <summary>Drains: stops claiming, lets running items finish (up to the grace period), hands the rest back, deregisters.</summary>
    public async Task DrainAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref stopped, 1) != 0) return;
        await membership.DrainAsync(cancellationToken);
        var handedBack = await worker.DrainAsync(Settings.DrainGrace, cancellationToken);
        await membership.LeaveAsync(cancellationToken);
        lock (log) log.WriteLine($"[{Settings.NodeId}] drained: {worker.CompletedCount} item(s) completed, {handedBack} handed back; left the cluster");
    }

    /// <summary>Drains (if not yet done) and stops the HTTP API.</summary>
    public async ValueTask DisposeAsync()
    {
        try { await DrainAsync(); }
        catch (JournalException e) { lock (log) log.WriteLine($"[{Settings.NodeId}] drain failed: {e.Message}"); }
        await app.StopAsync();
        await app.DisposeAsync();
        await worker.DisposeAsync();
        await runners.DisposeAsync();
        await system.DisposeAsync();
        await membership.DisposeAsync();
        await Journal.DisposeAsync();
    }

    private static async Task<IJournal> OpenStoreAsync(NodeSettings settings, TextWriter log, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + settings.StoreWait;
        while (true)
        {
            try { return await settings.Store.OpenAsync(cancellationToken); }
            catch (JournalException e) when (DateTime.UtcNow < deadline && e.Message.Contains("cannot reach", StringComparison.Ordinal))
            {
                lock (log) log.WriteLine($"[{settings.NodeId}] store not reachable yet, retrying: {e.Message}");
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            }
        }
    }
}
