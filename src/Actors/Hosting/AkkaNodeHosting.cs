using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Hosting;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using Akka.Logger.Serilog;
using Akka.Persistence.Sql.Hosting;
using Akka.Remote.Hosting;
using LinqToDB;
using PluginHost.Actors.Runs;
using PluginHost.Actors.Serialization;

namespace PluginHost.Actors.Hosting;

/// <summary>Marker key of the run shard region in the actor registry.</summary>
public sealed class RunRegion;

/// <summary>Wires a node with Akka.Hosting from its settings: Serilog logging, remoting, a cluster (one node joining
/// itself unless seeds are given), persistence on Akka.Persistence.Sql (SQLite file or PostgreSQL), the run
/// serializer, the runner broker with one runner actor per slot, and the run shard region with remember-entities.</summary>
public static class AkkaNodeHosting
{
    /// <summary>Adds the node to an Akka configuration builder; throws <see cref="StoreException"/> when the store cannot be used.
    /// <paramref name="journalWarm"/>, when given, completes once the journal's and snapshot store's first query is done
    /// (started with the actor system, in parallel with the cluster join; see <see cref="JournalWarmup"/>).</summary>
    public static AkkaConfigurationBuilder AddPluginHostNode(this AkkaConfigurationBuilder builder, AkkaNodeSettings settings, RunServices services,
        TaskCompletionSource? journalWarm = null)
    {
        builder
            .AddRunStore(settings)
            .WithRemoting(settings.Hostname, settings.Port, settings.PublicHostname)
            .WithClustering(new ClusterOptions { Roles = [.. settings.Roles], SeedNodes = [.. settings.Seeds] })
            .WithActors((system, registry) =>
            {
                if (journalWarm is not null) system.ActorOf(JournalWarmup.PropsFor($"pluginhost-warmup-{settings.NodeId}", journalWarm));
                var broker = system.ActorOf(RunnerBroker.Props(settings.NodeId, settings.HttpAddress), RunnerBroker.ActorName);
                registry.Register<RunnerBroker>(broker);
                for (var i = 0; i < settings.Runners; i++) system.ActorOf(RunnerActor.PropsFor(services, broker), $"runner-{i}");
            })
            .WithShardRegion<RunRegion>("run",
                (_, registry) => runId => RunEntity.PropsFor(runId, services, registry.Get<RunnerBroker>()),
                new RunMessageExtractor(),
                new ShardOptions
                {
                    RememberEntities = settings.RememberEntities,
                    RememberEntitiesStore = RememberEntitiesStore.Eventsourced,
                    StateStoreMode = StateStoreMode.Persistence,
                    Role = settings.Roles.Count > 0 ? settings.Roles[0] : null,
                    HandOffStopMessage = new StopRun(),
                });
        // A member of a multi-node cluster: split-brain resolver and failure detection tuned for fast failover.
        if (settings.ClusterMember) builder.AddHocon(ClusterTuning.Hocon, HoconAddMode.Prepend);
        else builder.AddHocon(ClusterTuning.EmbeddedHocon, HoconAddMode.Prepend);
        if (settings.Seeds.Count == 0)
            builder.AddStartup((system, _) => Akka.Cluster.Cluster.Get(system).Join(Akka.Cluster.Cluster.Get(system).SelfAddress));
        return builder;
    }

    /// <summary>Adds what reading and writing the run journal needs: Serilog logging, the run serializer and
    /// Akka.Persistence.Sql on the store of <paramref name="settings"/>; <paramref name="reading"/> opens an embedded store
    /// only to read it (a read-only data directory too); throws <see cref="StoreException"/>.</summary>
    public static AkkaConfigurationBuilder AddRunStore(this AkkaConfigurationBuilder builder, AkkaNodeSettings settings, bool reading = false)
    {
        // The schema is checked here, before the actor system touches the store (StoreSchema).
        var (connectionString, provider, readOnly) = settings.PostgresConnectionString is { } pg
            ? (PreparePostgres(pg, settings.StoreWarning), ProviderName.PostgreSQL15, false)
            : reading && SqliteStoreReader.Prepare(settings.SqlitePath, settings.StoreWarning) is var (text, ro)
                ? (text, ProviderName.SQLiteMS, ro)
                : (SqliteStore.Prepare(settings.SqlitePath, settings.StoreWarning), ProviderName.SQLiteMS, false);
        return builder
            .ConfigureLoggers(loggers =>
            {
                loggers.LogLevel = settings.AkkaLogLevel;
                loggers.ClearLoggers();
                loggers.AddLogger<SerilogLogger>();
            })
            .WithCustomSerializer("pluginhost-runs", [.. RunMessageSerializer.Manifests.Keys], system => new RunMessageSerializer(system))
            .WithSqlPersistence(connectionString, provider, autoInitialize: !readOnly)
            // `runs follow` of a run executing in another process polls the journal this often.
            .AddHocon("akka.persistence.query.journal.sql.refresh-interval = 250ms", HoconAddMode.Prepend)
            // Log lines go through Serilog only; Akka's fallback stdout logger would write into command output.
            // A run's spec travels in one message to the member hosting its shard: 300 items are already over the
            // default 128 kB frame (OversizedPayloadException, the submit times out).
            .AddHocon("akka.remote.dot-netty.tcp.maximum-frame-size = 16MiB", HoconAddMode.Prepend)
            .AddHocon("akka.stdout-loglevel = OFF", HoconAddMode.Prepend)
            // SIGTERM/Ctrl+C belong to the caller (the CLI drains first); Akka's own hook would stop the system at once.
            .AddHocon("akka.coordinated-shutdown.run-by-clr-shutdown-hook = off", HoconAddMode.Prepend);
    }

    private static string PreparePostgres(string connectionString, Action<string> warn)
    {
        PostgresStore.Prepare(connectionString, warn);
        return connectionString;
    }
}
