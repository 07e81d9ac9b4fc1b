using System.Data.Common;
using Dapper;
using Npgsql;

namespace PluginHost.Actors.Journal;

/// <summary>The cluster journal on PostgreSQL (tables in the connection's current schema); items are claimed with
/// FOR UPDATE SKIP LOCKED.</summary>
public sealed class PostgresJournal : SqlJournal
{
    private readonly NpgsqlDataSource dataSource;

    private readonly LeaseClock leaseClock;

    private PostgresJournal(NpgsqlDataSource dataSource, string description, TimeProvider? time, LeaseClock leaseClock) : base(description, time)
    {
        this.dataSource = dataSource;
        this.leaseClock = leaseClock;
    }

    /// <summary>Connects, then creates or migrates the schema; throws <see cref="JournalException"/> when the server is
    /// unreachable or the schema holds foreign or newer tables. Leases and heartbeats are judged by the server's clock.</summary>
    public static Task<PostgresJournal> OpenAsync(string connectionString, TimeProvider? time = null, CancellationToken cancellationToken = default) =>
        OpenAsync(connectionString, time, LeaseClock.Store, cancellationToken);

    /// <summary>Connects and migrates like <see cref="OpenAsync(string, TimeProvider?, CancellationToken)"/>, judging leases and
    /// heartbeats by <paramref name="leaseClock"/>.</summary>
    public static async Task<PostgresJournal> OpenAsync(string connectionString, TimeProvider? time, LeaseClock leaseClock, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        NpgsqlConnectionStringBuilder builder;
        try { builder = new NpgsqlConnectionStringBuilder(connectionString); }
        catch (ArgumentException e) { throw new JournalException($"PostgreSQL journal connection string is invalid: {e.Message}", e); }
        var description = $"PostgreSQL journal {builder.Username}@{builder.Host}:{builder.Port}/{builder.Database}" +
                          (string.IsNullOrEmpty(builder.SearchPath) ? "" : $" (schema {builder.SearchPath})");

        var journal = new PostgresJournal(NpgsqlDataSource.Create(builder), description, time, leaseClock);
        try
        {
            await journal.MigrateAsync(cancellationToken);
            return journal;
        }
        catch
        {
            await journal.DisposeAsync();
            throw;
        }
    }

    /// <inheritdoc />
    protected override async Task<long> StoreNowMsAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken) =>
        leaseClock == LeaseClock.Node
            ? await base.StoreNowMsAsync(connection, transaction, cancellationToken)
            : await connection.ExecuteScalarAsync<long>(Command(
                "SELECT CAST(floor(EXTRACT(EPOCH FROM clock_timestamp()) * 1000) AS bigint)", null, transaction, cancellationToken));

    /// <inheritdoc />
    protected override string ForUpdate => " FOR UPDATE";

    /// <inheritdoc />
    protected override async ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken) =>
        await dataSource.OpenConnectionAsync(cancellationToken);

    /// <inheritdoc />
    protected override async ValueTask<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken) =>
        await connection.BeginTransactionAsync(System.Data.IsolationLevel.ReadCommitted, cancellationToken);

    /// <inheritdoc />
    protected override Task LockForMigrationAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(Command(
            "SELECT pg_advisory_xact_lock(hashtext(@key || coalesce(current_schema(), '')))",
            new { key = JournalSchema.Component + ":" }, transaction, cancellationToken));

    /// <inheritdoc />
    protected override async Task<IReadOnlyList<string>> ListTablesAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken) =>
        (await connection.QueryAsync<string>(Command(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()", null, transaction, cancellationToken))).ToList();

    /// <inheritdoc />
    protected override string MigrationSql(JournalMigration migration) => migration.Postgres;

    /// <inheritdoc />
    protected override async Task<IReadOnlyList<WorkItemRecord>> ClaimInTransactionAsync(
        DbConnection connection, DbTransaction transaction, string node, int max, long nowMs, long expiresMs, CancellationToken cancellationToken)
    {
        // Rows another claimer holds are skipped, not waited for; a row committed as claimed meanwhile is re-checked
        // against the WHERE clause when locked, so it is never handed out twice.
        var rows = await connection.QueryAsync<ItemRow>(Command(
            "WITH picked AS (SELECT run_id, item_id FROM items " +
            "  WHERE state = 'pending' OR (state = 'claimed' AND lease_expires_at <= @nowMs) " +
            "  ORDER BY scheduled_at, run_id, scheduled_seq LIMIT @max FOR UPDATE SKIP LOCKED) " +
            "UPDATE items AS i SET state = 'claimed', owner_node = @node, lease_expires_at = @expiresMs, attempts = i.attempts + 1 " +
            "FROM picked WHERE i.run_id = picked.run_id AND i.item_id = picked.item_id " +
            "RETURNING i.run_id AS RunId, i.item_id AS ItemId, i.name AS Name, i.state AS State, i.owner_node AS OwnerNode, " +
            "i.lease_expires_at AS LeaseExpiresAt, i.attempts AS Attempts",
            new { node, expiresMs, nowMs, max }, transaction, cancellationToken));
        return rows.Select(ToRecord).ToList();
    }

    /// <inheritdoc />
    protected override bool IsUniqueViolation(Exception error) =>
        error is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    /// <inheritdoc />
    protected override JournalException? Translate(Exception error, string operation) => error switch
    {
        PostgresException { SqlState: PostgresErrorCodes.DiskFull } e =>
            new JournalException($"{Description}: the server's disk is full; could not {operation} ({e.MessageText})", e),
        PostgresException { SqlState: PostgresErrorCodes.ReadOnlySqlTransaction } e =>
            new JournalException($"{Description}: the database is read-only; could not {operation} ({e.MessageText})", e),
        PostgresException e =>
            new JournalException($"{Description}: could not {operation}: {e.MessageText} (SQLSTATE {e.SqlState})", e),
        NpgsqlException e =>
            new JournalException($"{Description}: cannot reach the server; could not {operation} ({e.Message})", e),
        _ => null,
    };

    /// <inheritdoc />
    public override ValueTask DisposeAsync() => dataSource.DisposeAsync();
}
