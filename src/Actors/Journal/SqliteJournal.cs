using System.Data.Common;
using System.Runtime.CompilerServices;
using Dapper;
using Microsoft.Data.Sqlite;

namespace PluginHost.Actors.Journal;

/// <summary>The embedded journal: one SQLite file in WAL mode; writers are serialized with BEGIN IMMEDIATE.</summary>
public sealed class SqliteJournal : SqlJournal
{
    /// <summary>The journal's file name inside a data directory.</summary>
    public const string DefaultFileName = "journal.db";

    private const int BusyTimeoutMs = 30_000;
    private static ReadOnlySpan<byte> Header => "SQLite format 3\0"u8;

    private static readonly ConditionalWeakTable<SQLitePCL.sqlite3, object> Configured = new();
    private static readonly object Marker = new();

    private readonly string connectionString;

    private SqliteJournal(string path, string connectionString, string? readOnlyReason, TimeProvider? time)
        : base($"journal '{path}'", time)
    {
        Path = path;
        this.connectionString = connectionString;
        ReadOnlyReason = readOnlyReason;
    }

    /// <summary>Full path of the journal file.</summary>
    public string Path { get; }

    /// <summary>True when the journal can only be read (opened read-only, or its file is not writable).</summary>
    public bool IsReadOnly => ReadOnlyReason is not null;

    /// <summary>Why the journal is read-only; null when it is writable.</summary>
    public string? ReadOnlyReason { get; }

    /// <summary>Opens (creating if needed) the journal file <see cref="DefaultFileName"/> in a data directory.</summary>
    public static Task<SqliteJournal> OpenInDirectoryAsync(string dataDirectory, TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        try { Directory.CreateDirectory(dataDirectory); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new JournalException($"journal data directory '{dataDirectory}' cannot be created: {e.Message}", e);
        }
        return OpenAsync(System.IO.Path.Combine(dataDirectory, DefaultFileName), readOnly: false, time, cancellationToken);
    }

    /// <summary>Opens a journal file, creating and migrating it unless <paramref name="readOnly"/>; a file that cannot be
    /// written (e.g. on a read-only file system) opens read-only. Throws <see cref="JournalException"/> for a corrupt or
    /// foreign file.</summary>
    public static async Task<SqliteJournal> OpenAsync(string path, bool readOnly = false, TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = System.IO.Path.GetFullPath(path);
        var exists = File.Exists(full);
        if (exists) CheckHeader(full);
        else if (readOnly) throw new JournalException($"journal '{full}' does not exist and cannot be created: it is opened read-only");

        var notWritable = exists ? WriteProbe(full) : null;
        var reason = readOnly ? "it was opened read-only" : notWritable;
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = full,
            Mode = reason is null ? SqliteOpenMode.ReadWriteCreate : SqliteOpenMode.ReadOnly,
            Pooling = true,
            DefaultTimeout = BusyTimeoutMs / 1000,
        };
        // A WAL database on a read-only medium, closed cleanly (no -wal/-shm files), is only readable as immutable.
        if (notWritable is not null && !File.Exists(full + "-wal"))
            builder.DataSource = new Uri(full).AbsoluteUri + "?immutable=1";

        var journal = new SqliteJournal(full, builder.ConnectionString, reason, time);
        try
        {
            if (reason is null)
            {
                await journal.ReadOnlyAsync("switch to WAL mode", async c =>
                    await c.ExecuteScalarAsync<string>("PRAGMA journal_mode = WAL") is "wal"
                        ? 0
                        : throw new JournalException($"journal '{full}' cannot use WAL mode (is the file system without shared memory support?)"),
                    cancellationToken);
                await journal.MigrateAsync(cancellationToken);
            }
            else
            {
                await journal.VerifySchemaAsync(cancellationToken);
            }
            return journal;
        }
        catch
        {
            await journal.DisposeAsync();
            throw;
        }
    }

    /// <inheritdoc />
    protected override string ForUpdate => "";

    /// <inheritdoc />
    protected override async ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            // Pooled connections reuse their native handle, which keeps its pragmas: set them once per handle.
            if (connection.Handle is { } handle && Configured.TryAdd(handle, Marker))
            {
                try
                {
                    await using var pragmas = connection.CreateCommand();
                    pragmas.CommandText = $"PRAGMA busy_timeout = {BusyTimeoutMs}; PRAGMA synchronous = FULL;";
                    await pragmas.ExecuteNonQueryAsync(cancellationToken);
                }
                catch
                {
                    Configured.Remove(handle);
                    throw;
                }
            }
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <inheritdoc />
    protected override ValueTask<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken) =>
        // Microsoft.Data.Sqlite's default (serializable, not deferred) transaction is BEGIN IMMEDIATE: the write lock is
        // taken up front, so concurrent writers wait (busy timeout) instead of failing on lock upgrade.
        ValueTask.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: false));

    /// <inheritdoc />
    protected override Task LockForMigrationAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) =>
        Task.CompletedTask; // BEGIN IMMEDIATE already excludes every other writer.

    /// <inheritdoc />
    protected override async Task<IReadOnlyList<string>> ListTablesAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken) =>
        (await connection.QueryAsync<string>(Command(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'", null, transaction, cancellationToken))).ToList();

    /// <inheritdoc />
    protected override string MigrationSql(JournalMigration migration) => migration.Sqlite;

    /// <inheritdoc />
    protected override async Task<IReadOnlyList<WorkItemRecord>> ClaimInTransactionAsync(
        DbConnection connection, DbTransaction transaction, string node, int max, long nowMs, long expiresMs, CancellationToken cancellationToken)
    {
        var rows = await connection.QueryAsync<ItemRow>(Command(
            "UPDATE items SET state = 'claimed', owner_node = @node, lease_expires_at = @expiresMs, attempts = attempts + 1 " +
            "WHERE (run_id, item_id) IN (SELECT run_id, item_id FROM items " +
            "  WHERE state = 'pending' OR (state = 'claimed' AND lease_expires_at <= @nowMs) " +
            "  ORDER BY scheduled_at, run_id, scheduled_seq LIMIT @max) " +
            $"RETURNING {ItemColumnList}",
            new { node, expiresMs, nowMs, max }, transaction, cancellationToken));
        return rows.Select(ToRecord).ToList();
    }

    /// <inheritdoc />
    protected override bool IsUniqueViolation(Exception error) =>
        error is SqliteException { SqliteErrorCode: 19, SqliteExtendedErrorCode: 1555 or 2067 };

    /// <inheritdoc />
    protected override void EnsureWritable(string operation)
    {
        if (ReadOnlyReason is not null)
            throw new JournalException($"journal '{Path}' is read-only ({ReadOnlyReason}); cannot {operation}; nothing was written");
    }

    /// <inheritdoc />
    protected override JournalException? Translate(Exception error, string operation)
    {
        if (error is not SqliteException e) return null;
        var what = e.SqliteErrorCode switch
        {
            13 => "the disk is full",
            8 => "the file is read-only",
            10 => "an I/O error occurred",
            11 or 26 => "the file is corrupt or not a SQLite database",
            14 => "the file cannot be opened (does its directory exist and is it writable?)",
            5 or 6 => "the database stayed locked by another writer beyond the busy timeout",
            _ => "the database reported an error",
        };
        return new JournalException($"journal '{Path}': {what}; could not {operation} ({e.Message})", e);
    }

    /// <inheritdoc />
    public override ValueTask DisposeAsync()
    {
        using var connection = new SqliteConnection(connectionString);
        SqliteConnection.ClearPool(connection);
        return ValueTask.CompletedTask;
    }

    private static void CheckHeader(string path)
    {
        Span<byte> header = stackalloc byte[16];
        int read;
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            if (file.Length == 0) return; // an empty file becomes a new journal
            read = file.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new JournalException($"journal '{path}' cannot be read: {e.Message}", e);
        }
        if (read < header.Length || !header.SequenceEqual(Header))
            throw new JournalException($"journal '{path}' is not a SQLite database: it does not start with the header " +
                                       "'SQLite format 3' (the file is corrupt or of another format)");
    }

    // Returns why the existing file cannot be written, or null when it can.
    private static string? WriteProbe(string path)
    {
        try
        {
            using var _ = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"the file cannot be opened for writing: {e.Message}";
        }
    }
}
