using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using PluginHost.Actors.Hosting;
using PluginHost.Actors.Runners;
using PluginHost.Nodes.Dashboard;
using PluginHost.Nodes.Hosting;
using PluginHost.Nodes.Metrics;

namespace PluginHost.Nodes.Server;

/// <summary>A cluster node: an <see cref="AkkaNode"/> member of an Akka.Cluster (run entities under Cluster Sharding,
/// runners pulling steps from every member's entities, the journal on Akka.Persistence.Sql) and the HTTP API.</summary>
public sealed class NodeServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TextWriter _log;
    private int _stopped;

    private NodeServer(NodeSettings settings, AkkaNode node, WebApplication app, TextWriter log)
    {
        Settings = settings;
        Node = node;
        _app = app;
        _log = log;
    }

    /// <summary>The node's settings.</summary>
    public NodeSettings Settings { get; }

    /// <summary>The Akka.NET node.</summary>
    public AkkaNode Node { get; }

    /// <summary>Waits for the store (retrying while unreachable), joins the cluster, then serves the HTTP API.</summary>
    public static async Task<NodeServer> StartAsync(NodeSettings settings, TextWriter log, CancellationToken cancellationToken = default)
    {
        void Log(string message)
        {
            lock (log) log.WriteLine($"{DateTimeOffset.UtcNow:HH:mm:ss.fff} [{settings.NodeId}] {message}");
        }
        await WaitForStoreAsync(settings, Log, cancellationToken);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://{settings.Listen}");
        builder.Services.AddSingleton<IHostLifetime, CallerOwnedLifetime>();
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
        // A failed start (port in use) is reported by the command as one line; the host's own dump of it is noise.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.None);
        var tracing = NodeTelemetry.AddTracing(builder, settings.NodeId);
        var app = builder.Build();

        var modules = new ModuleCache();
        var executors = NodeStepExecutors.Create(modules, (registry, _) => ClusterSteps.Register(registry, settings.NodeId, log));
        var metrics = new NodeMetrics();
        metrics.Runners.Set(settings.Runners);
        var spans = new ItemSpans();
        var node = await AkkaNode.StartAsync(AkkaSettings(settings), MeteredStepExecutor.Wrap(executors, metrics, spans),
            new ItemTelemetry(metrics, spans), cancellationToken);
        try
        {
            metrics.OnScrape((m, ct) => NodeScrape.CollectAsync(m, node, modules, ct));
            NodeApi.Map(app, node, executors.Kinds, Log);
            NodeTelemetry.MapMetrics(app, metrics);
            DashboardEndpoints.Map(app, DashboardEndpoints.SelfAddress(settings.Listen));
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            await node.DisposeAsync();
            throw;
        }
        Log($"member {node.Cluster.SelfAddress} up in {node.StartupTime.TotalMilliseconds:0} ms " +
            $"(seeds: {(settings.Seeds.Count == 0 ? "none, formed the cluster" : string.Join(", ", settings.Seeds))}); " +
            $"listening on http://{settings.Listen} (advertised {settings.AdvertisedAddress}), store {settings.Store}, {settings.Runners} runners, " +
            $"step kinds {string.Join(", ", executors.Kinds)}; dashboard at /, metrics at /metrics, " +
            $"traces {(tracing ? "exported over OTLP" : "off (no OTEL_EXPORTER_OTLP_ENDPOINT)")}");
        return new NodeServer(settings, node, app, log);
    }

    /// <summary>The Akka settings of a cluster node.</summary>
    public static AkkaNodeSettings AkkaSettings(NodeSettings settings) =>
        new(settings.Store.SqliteDirectory ?? Path.GetTempPath(), settings.Store.PostgresConnectionString, settings.Runners)
        {
            SystemName = SeedNodes.SystemName,
            NodeId = settings.NodeId,
            HttpAddress = settings.AdvertisedAddress,
            ClusterMember = true,
            Hostname = settings.RemotingHost,
            PublicHostname = settings.PublicHost,
            Port = settings.RemotingPort,
            Seeds = settings.Seeds,
            Roles = settings.Roles,
            RememberEntities = true,
            JoinTimeout = settings.JoinTimeout,
        };

    /// <summary>Drains and leaves: readiness goes down, no step starts any more here (queued ones go to other members),
    /// running steps get <see cref="NodeSettings.DrainTimeout"/> to finish, then coordinated shutdown leaves the
    /// cluster and hands this member's shards to the others.</summary>
    public async Task DrainAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0) return;
        var load = await Node.RunnerLoadAsync();
        Log($"draining: {load.Busy} step(s) running, {load.Queued} queued (handed to other members), up to {Settings.DrainTimeout.TotalSeconds:0.#} s");
        var inTime = await Node.DrainAsync(Settings.DrainTimeout);
        Log(inTime ? "running steps finished" : "running steps cancelled after the drain timeout (they run again elsewhere)");
        await Node.DisposeAsync();
        Log("left the cluster; shards handed over");
    }

    /// <summary>Cancels running steps at once (a second signal).</summary>
    public void Abort() => Node.Abort();

    /// <summary>Drains (if not yet done) and stops the HTTP API.</summary>
    public async ValueTask DisposeAsync()
    {
        await DrainAsync();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private void Log(string message)
    {
        lock (_log) _log.WriteLine($"{DateTimeOffset.UtcNow:HH:mm:ss.fff} [{Settings.NodeId}] {message}");
    }

    private static async Task WaitForStoreAsync(NodeSettings settings, Action<string> log, CancellationToken cancellationToken)
    {
        if (settings.Store.PostgresConnectionString is not { } cs) return;
        var deadline = DateTime.UtcNow + settings.StoreWait;
        var told = false;
        while (true)
        {
            try
            {
                await using var connection = new NpgsqlConnection(cs);
                await connection.OpenAsync(cancellationToken);
                return;
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException && !cancellationToken.IsCancellationRequested)
            {
                if (DateTime.UtcNow >= deadline)
                    throw new StoreException($"cannot reach the store {settings.Store} ({e.Message.TrimEnd('.')}): check that PostgreSQL is running and --store is right");
                if (!told)
                    log($"the store {settings.Store} is not reachable yet ({e.Message.TrimEnd('.')}): retrying every second for up to " +
                        $"{settings.StoreWait.TotalSeconds:0} s; check that PostgreSQL is running and --store is right");
                told = true;
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            }
        }
    }
}
