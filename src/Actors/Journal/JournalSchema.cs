namespace PluginHost.Actors.Journal;

/// <summary>The journal's schema: its ordered migrations, one schema in two dialects.</summary>
/// <remarks>Times are milliseconds since the Unix epoch (UTC) in both dialects; events are stored as RunJson text.</remarks>
public static class JournalSchema
{
    /// <summary>The component name under which versions are recorded in the schema_version table.</summary>
    public const string Component = "pluginhost.journal";

    /// <summary>The table recording which migrations were applied.</summary>
    public const string VersionTable = "schema_version";

    /// <summary>SQL creating the schema_version table (same in both dialects).</summary>
    public const string CreateVersionTable =
        "CREATE TABLE schema_version (component TEXT NOT NULL, version BIGINT NOT NULL, description TEXT NOT NULL, " +
        "applied_at BIGINT NOT NULL, PRIMARY KEY (component, version))";

    /// <summary>The migrations, in the order they are applied.</summary>
    public static IReadOnlyList<JournalMigration> Migrations { get; } =
    [
        new(1, "runs, events and work items",
            Sqlite: """
                CREATE TABLE runs (
                    run_id TEXT NOT NULL PRIMARY KEY,
                    kind TEXT NOT NULL,
                    state TEXT NOT NULL,
                    created_at INTEGER NOT NULL,
                    updated_at INTEGER NOT NULL,
                    last_seq INTEGER NOT NULL,
                    item_count INTEGER NOT NULL,
                    items_succeeded INTEGER NOT NULL,
                    items_failed INTEGER NOT NULL);
                CREATE TABLE events (
                    run_id TEXT NOT NULL REFERENCES runs (run_id),
                    seq INTEGER NOT NULL,
                    event_type TEXT NOT NULL,
                    item_id TEXT NULL,
                    step_index INTEGER NULL,
                    occurred_at INTEGER NOT NULL,
                    recorded_at INTEGER NOT NULL,
                    body TEXT NOT NULL,
                    PRIMARY KEY (run_id, seq));
                CREATE TABLE items (
                    run_id TEXT NOT NULL REFERENCES runs (run_id),
                    item_id TEXT NOT NULL,
                    name TEXT NOT NULL,
                    state TEXT NOT NULL,
                    owner_node TEXT NULL,
                    lease_expires_at INTEGER NULL,
                    attempts INTEGER NOT NULL,
                    scheduled_at INTEGER NOT NULL,
                    scheduled_seq INTEGER NOT NULL,
                    PRIMARY KEY (run_id, item_id));
                """,
            Postgres: """
                CREATE TABLE runs (
                    run_id text NOT NULL PRIMARY KEY,
                    kind text NOT NULL,
                    state text NOT NULL,
                    created_at bigint NOT NULL,
                    updated_at bigint NOT NULL,
                    last_seq bigint NOT NULL,
                    item_count bigint NOT NULL,
                    items_succeeded bigint NOT NULL,
                    items_failed bigint NOT NULL);
                CREATE TABLE events (
                    run_id text NOT NULL REFERENCES runs (run_id),
                    seq bigint NOT NULL,
                    event_type text NOT NULL,
                    item_id text NULL,
                    step_index bigint NULL,
                    occurred_at bigint NOT NULL,
                    recorded_at bigint NOT NULL,
                    body text NOT NULL,
                    PRIMARY KEY (run_id, seq));
                CREATE TABLE items (
                    run_id text NOT NULL REFERENCES runs (run_id),
                    item_id text NOT NULL,
                    name text NOT NULL,
                    state text NOT NULL,
                    owner_node text NULL,
                    lease_expires_at bigint NULL,
                    attempts bigint NOT NULL,
                    scheduled_at bigint NOT NULL,
                    scheduled_seq bigint NOT NULL,
                    PRIMARY KEY (run_id, item_id));
                """),
        new(2, "indexes for claiming items and listing runs",
            Sqlite: Indexes,
            Postgres: Indexes),
        new(3, "cluster membership: nodes",
            Sqlite: """
                CREATE TABLE nodes (
                    node_id TEXT NOT NULL PRIMARY KEY,
                    address TEXT NOT NULL,
                    started_at INTEGER NOT NULL,
                    capacity INTEGER NOT NULL,
                    last_heartbeat INTEGER NOT NULL,
                    state TEXT NOT NULL);
                """,
            Postgres: """
                CREATE TABLE nodes (
                    node_id text NOT NULL PRIMARY KEY,
                    address text NOT NULL,
                    started_at bigint NOT NULL,
                    capacity bigint NOT NULL,
                    last_heartbeat bigint NOT NULL,
                    state text NOT NULL);
                """),
    ];

    /// <summary>The newest schema version this build knows.</summary>
    public static int LatestVersion => Migrations[^1].Version;

    /// <summary>The tables a journal database holds.</summary>
    public static IReadOnlyList<string> Tables { get; } = [VersionTable, "runs", "events", "items", "nodes"];

    private const string Indexes = """
        CREATE INDEX items_by_state ON items (state, lease_expires_at);
        CREATE INDEX items_by_owner ON items (owner_node);
        CREATE INDEX runs_by_state ON runs (state);
        """;
}
