namespace PluginHost.Actors.Hosting;

/// <summary>What an Akka node is built from: where events go, how many runners, where remoting binds.</summary>
/// <param name="DataDir">The data directory (SQLite file <see cref="SqliteFileName"/> when no PostgreSQL is set).</param>
/// <param name="PostgresConnectionString">An Npgsql connection string for a shared store; null for the embedded SQLite.</param>
/// <param name="Runners">Runner slots of the node (its capacity).</param>
public sealed record AkkaNodeSettings(string DataDir, string? PostgresConnectionString = null, int Runners = 2)
{
    /// <summary>The embedded store's file in the data directory (the old journal file is not read).</summary>
    public const string SqliteFileName = "akka-journal.db";

    /// <summary>Name of the actor system (equal on every node of a cluster).</summary>
    public string SystemName { get; init; } = "pluginhost";

    /// <summary>Host remoting binds to; the embedded default is loopback only.</summary>
    public string Hostname { get; init; } = "127.0.0.1";

    /// <summary>Host name or IP other members reach this one at (e.g. the pod IP when binding 0.0.0.0); null: <see cref="Hostname"/>.</summary>
    public string? PublicHostname { get; init; }

    /// <summary>Remoting port; 0 picks a free one (embedded default).</summary>
    public int Port { get; init; }

    /// <summary>Seed node addresses; empty: the node joins itself (a one-node cluster).</summary>
    public IReadOnlyList<string> Seeds { get; init; } = [];

    /// <summary>Cluster roles of the node.</summary>
    public IReadOnlyList<string> Roles { get; init; } = [];

    /// <summary>True (default): Cluster Sharding remembers started runs, so every unfinished run resumes by itself when
    /// the cluster comes back; the CLI's embedded node turns it off and resumes runs itself (`resume RUN` resumes one).</summary>
    public bool RememberEntities { get; init; } = true;

    /// <summary>The node's id (its label in logs, `pluginhost nodes` and the builtin:node step).</summary>
    public string NodeId { get; init; } = Environment.MachineName.ToLowerInvariant();

    /// <summary>The address of the node's HTTP API, shown by `pluginhost nodes`; null when it serves none.</summary>
    public string? HttpAddress { get; init; }

    /// <summary>True for `pluginhost node`: a member of a multi-node cluster, with the split-brain resolver and the
    /// failure detection of <see cref="ClusterTuning"/>; false for the embedded one-node cluster.</summary>
    public bool ClusterMember { get; init; }

    /// <summary>How long start-up waits for this member to be Up (seeds reachable, joined).</summary>
    public TimeSpan JoinTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Lowest level of Akka's own log events (default Info); the CLI's embedded node keeps Warning, so no Akka
    /// Info line (e.g. remoting's "shut down", logged after the loggers stopped) reaches the command's output.</summary>
    public Akka.Event.LogLevel AkkaLogLevel { get; init; } = Akka.Event.LogLevel.InfoLevel;

    /// <summary>Gets the one-line warning about an old journal found beside the store at open (default: a Serilog warning).</summary>
    public Action<string> StoreWarning { get; init; } = line => Serilog.Log.Warning("{StoreWarning}", line);

    /// <summary>The SQLite file of the embedded store.</summary>
    public string SqlitePath => Path.GetFullPath(Path.Combine(DataDir, SqliteFileName));
}
