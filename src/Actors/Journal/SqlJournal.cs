using System.Data.Common;
using System.Text.Json;
using Dapper;
using PluginHost.Shared.Runs;

namespace PluginHost.Actors.Journal;

/// <summary>The journal logic shared by both SQL backends; subclasses supply connections, locking and the dialect.</summary>
public abstract partial class SqlJournal : IJournal
{
    private const string ItemColumns =
        "run_id AS RunId, item_id AS ItemId, name AS Name, state AS State, owner_node AS OwnerNode, " +
        "lease_expires_at AS LeaseExpiresAt, attempts AS Attempts";

    private const string RunColumns =
        "run_id AS RunId, kind AS Kind, state AS State, created_at AS CreatedAt, updated_at AS UpdatedAt, " +
        "last_seq AS LastSeq, item_count AS ItemCount, items_succeeded AS ItemsSucceeded, items_failed AS ItemsFailed";

    /// <summary>Creates the shared part of a journal.</summary>
    protected SqlJournal(string description, TimeProvider? time)
    {
        Description = description;
        Time = time ?? TimeProvider.System;
    }

    /// <summary>Names the store in messages, e.g. "journal '/data/journal.db'".</summary>
    public string Description { get; }

    /// <summary>The clock for event records and leases.</summary>
    protected TimeProvider Time { get; }

    /// <summary>" FOR UPDATE" where the dialect locks rows read in a write transaction, else "".</summary>
    protected abstract string ForUpdate { get; }

    /// <summary>Opens a connection ready for use.</summary>
    protected abstract ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken);

    /// <summary>Begins a transaction that may write; concurrent writers are serialized or row-locked.</summary>
    protected abstract ValueTask<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>Takes whatever lock keeps two processes from migrating at once (inside the migration transaction).</summary>
    protected abstract Task LockForMigrationAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken);

    /// <summary>Lists the tables of the journal's database (or schema).</summary>
    protected abstract Task<IReadOnlyList<string>> ListTablesAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken);

    /// <summary>Picks the migration's SQL for this dialect.</summary>
    protected abstract string MigrationSql(JournalMigration migration);

    /// <summary>Claims items in the open write transaction; returns the claimed rows.</summary>
    protected abstract Task<IReadOnlyList<WorkItemRecord>> ClaimInTransactionAsync(
        DbConnection connection, DbTransaction transaction, string node, int max, long nowMs, long expiresMs, CancellationToken cancellationToken);

    /// <summary>Turns a backend error into a <see cref="JournalException"/> naming the store, or null to let it pass.</summary>
    protected abstract JournalException? Translate(Exception error, string operation);

    /// <summary>True when the backend error is a unique-key violation.</summary>
    protected abstract bool IsUniqueViolation(Exception error);

    /// <summary>Throws when the journal cannot write at all (e.g. opened read-only).</summary>
    protected virtual void EnsureWritable(string operation) { }

    /// <summary>Releases the backend's connections.</summary>
    public abstract ValueTask DisposeAsync();

    /// <inheritdoc />
    public async Task<long> AppendAsync(string runId, IReadOnlyList<RunEvent> events, long? expectedSequence = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(runId);
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0) throw new ArgumentException("nothing to append: the event list is empty", nameof(events));
        for (var i = 0; i < events.Count; i++)
        {
            if (events[i] is null) throw new ArgumentException($"event {i} is null", nameof(events));
            if (events[i].RunId != runId)
                throw new ArgumentException($"event {i} ({events[i].EventType}) belongs to run '{events[i].RunId}', not '{runId}'", nameof(events));
        }

        var operation = $"append {events.Count} event(s) to run '{runId}'";
        try
        {
            return await WriteAsync(operation, (c, tx) => AppendInTransactionAsync(c, tx, runId, events, expectedSequence, cancellationToken), cancellationToken);
        }
        catch (Exception e) when (e is not JournalException && IsUniqueViolation(e))
        {
            throw new JournalConflictException(runId, expectedSequence ?? 0, 1, $"run '{runId}' was created concurrently by another writer");
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<JournalEntry>> ReadAsync(string runId, long fromSequence = 1, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(runId);
        return ReadEventsAsync($"read run '{runId}'", runId,
            "SELECT seq AS Seq, body AS Body, recorded_at AS RecordedAt FROM events WHERE run_id = @runId AND seq >= @fromSequence ORDER BY seq",
            new { runId, fromSequence }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<JournalEntry>> ReadItemAsync(string runId, string itemId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(runId);
        ArgumentException.ThrowIfNullOrEmpty(itemId);
        return ReadEventsAsync($"read item '{itemId}' of run '{runId}'", runId,
            "SELECT seq AS Seq, body AS Body, recorded_at AS RecordedAt FROM events WHERE run_id = @runId AND item_id = @itemId ORDER BY seq",
            new { runId, itemId }, cancellationToken);
    }

    private Task<IReadOnlyList<JournalEntry>> ReadEventsAsync(string what, string runId, string sql, object parameters, CancellationToken cancellationToken) =>
        ReadOnlyAsync(what, async c =>
        {
            var rows = await c.QueryAsync<EventRow>(Command(sql, parameters, null, cancellationToken));
            var entries = new List<JournalEntry>();
            foreach (var row in rows)
            {
                RunEvent runEvent;
                try { runEvent = RunJson.DeserializeEvent(row.Body); }
                catch (JsonException e)
                {
                    throw new JournalException($"{Description}: run '{runId}' event {row.Seq} cannot be read: {e.Message}", e);
                }
                entries.Add(new JournalEntry(runId, row.Seq, runEvent, FromMs(row.RecordedAt)));
            }
            return (IReadOnlyList<JournalEntry>)entries;
        }, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<RunSummary>> ListRunsAsync(CancellationToken cancellationToken = default) =>
        ListRunsWhereAsync("", "list runs", cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<RunSummary>> ListUnfinishedRunsAsync(CancellationToken cancellationToken = default) =>
        ListRunsWhereAsync("WHERE state IN ('accepted', 'running') ", "list unfinished runs", cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<WorkItemRecord>> ListItemsAsync(string runId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(runId);
        return ReadOnlyAsync($"list the items of run '{runId}'", async c =>
        {
            var rows = await c.QueryAsync<ItemRow>(Command(
                $"SELECT {ItemColumns} FROM items WHERE run_id = @runId ORDER BY scheduled_seq", new { runId }, null, cancellationToken));
            return (IReadOnlyList<WorkItemRecord>)rows.Select(ToRecord).ToList();
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<WorkItemRecord>> ClaimItemsAsync(string node, int max, TimeSpan leaseDuration, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(node);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(leaseDuration, TimeSpan.Zero);
        return WriteAsync($"claim items for node '{node}'", async (c, tx) =>
        {
            var now = await StoreNowMsAsync(c, tx, cancellationToken);
            return await ClaimInTransactionAsync(c, tx, node, max, now, now + (long)leaseDuration.TotalMilliseconds, cancellationToken);
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<bool> RenewLeaseAsync(string node, string runId, string itemId, TimeSpan leaseDuration, int? claim = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(node);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(leaseDuration, TimeSpan.Zero);
        return WriteAsync($"renew the lease of node '{node}' on item '{itemId}' of run '{runId}'", async (c, tx) =>
        {
            var expires = await StoreNowMsAsync(c, tx, cancellationToken) + (long)leaseDuration.TotalMilliseconds;
            return await c.ExecuteAsync(Command(
                "UPDATE items SET lease_expires_at = @expires WHERE run_id = @runId AND item_id = @itemId AND owner_node = @node AND state = 'claimed'" +
                (claim is null ? "" : " AND attempts = @claim"),
                new { expires, runId, itemId, node, claim = (long)(claim ?? 0) }, tx, cancellationToken)) == 1;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<long?> AppendForItemAsync(string node, string runId, string itemId, IReadOnlyList<RunEvent> events, int? claim = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(node);
        ArgumentException.ThrowIfNullOrEmpty(runId);
        ArgumentException.ThrowIfNullOrEmpty(itemId);
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0) throw new ArgumentException("nothing to append: the event list is empty", nameof(events));
        for (var i = 0; i < events.Count; i++)
        {
            if (events[i] is not ItemEvent and not StepEvent || events[i].RunId != runId || ItemOf(events[i]) != itemId)
                throw new ArgumentException($"event {i} ({events[i]?.EventType}) is not an event of item '{itemId}' of run '{runId}'", nameof(events));
            if (events[i] is RunAccepted or ItemScheduled or ItemCompleted)
                throw new ArgumentException($"event {i} ({events[i].EventType}) cannot be appended as an item's step event; use CompleteItemAsync for ItemCompleted", nameof(events));
        }
        return WriteAsync($"append {events.Count} event(s) of item '{itemId}' of run '{runId}' for node '{node}'", async (c, tx) =>
        {
            // Lock order everywhere: the run's row first, then item rows.
            await c.ExecuteScalarAsync<string>(Command($"SELECT run_id FROM runs WHERE run_id = @runId{ForUpdate}", new { runId }, tx, cancellationToken));
            var item = await c.QuerySingleOrDefaultAsync<ItemRow>(Command(
                $"SELECT {ItemColumns} FROM items WHERE run_id = @runId AND item_id = @itemId{ForUpdate}", new { runId, itemId }, tx, cancellationToken))
                ?? throw new JournalException($"{Description}: run '{runId}' has no item '{itemId}'");
            var now = await StoreNowMsAsync(c, tx, cancellationToken);
            if (item.State != "claimed" || item.OwnerNode != node || item.LeaseExpiresAt is not { } expires || expires <= now || !Holds(item, claim)) return (long?)null;
            return await AppendInTransactionAsync(c, tx, runId, events, null, cancellationToken);
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task RegisterNodeAsync(string nodeId, string address, int capacity, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(nodeId);
        ArgumentNullException.ThrowIfNull(address);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        return WriteAsync($"register node '{nodeId}'", async (c, tx) =>
        {
            var now = await StoreNowMsAsync(c, tx, cancellationToken);
            var updated = await c.ExecuteAsync(Command(
                "UPDATE nodes SET address = @address, started_at = @now, capacity = @capacity, last_heartbeat = @now, state = 'alive' WHERE node_id = @nodeId",
                new { nodeId, address, now, capacity = (long)capacity }, tx, cancellationToken));
            if (updated == 0)
                await c.ExecuteAsync(Command(
                    "INSERT INTO nodes (node_id, address, started_at, capacity, last_heartbeat, state) VALUES (@nodeId, @address, @now, @capacity, @now, 'alive')",
                    new { nodeId, address, now, capacity = (long)capacity }, tx, cancellationToken));
            return 0;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<bool> HeartbeatAsync(string nodeId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(nodeId);
        return WriteAsync($"record a heartbeat of node '{nodeId}'", async (c, tx) =>
        {
            var now = await StoreNowMsAsync(c, tx, cancellationToken);
            return await c.ExecuteAsync(Command(
                "UPDATE nodes SET last_heartbeat = @now WHERE node_id = @nodeId AND state IN ('alive', 'draining')",
                new { nodeId, now }, tx, cancellationToken)) == 1;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<bool> SetNodeStateAsync(string nodeId, NodeState state, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(nodeId);
        if (state is not (NodeState.Draining or NodeState.Left))
            throw new ArgumentException($"a node can only be moved to draining or left by hand, not {state}", nameof(state));
        return WriteAsync($"move node '{nodeId}' to {state}", async (c, tx) => await c.ExecuteAsync(Command(
            "UPDATE nodes SET state = @state WHERE node_id = @nodeId AND state IN ('alive', 'draining')",
            new { nodeId, state = NodeStateName(state) }, tx, cancellationToken)) == 1, cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> DeclareDeadNodesAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        return WriteAsync("declare silent nodes dead", async (c, tx) =>
        {
            var cutoff = await StoreNowMsAsync(c, tx, cancellationToken) - (long)timeout.TotalMilliseconds;
            var dead = (await c.QueryAsync<string>(Command(
                $"SELECT node_id FROM nodes WHERE state IN ('alive', 'draining') AND last_heartbeat < @cutoff ORDER BY node_id{ForUpdate}",
                new { cutoff }, tx, cancellationToken))).ToList();
            foreach (var nodeId in dead)
            {
                await c.ExecuteAsync(Command("UPDATE nodes SET state = 'dead' WHERE node_id = @nodeId", new { nodeId }, tx, cancellationToken));
                await c.ExecuteAsync(Command(
                    "UPDATE items SET state = 'pending', owner_node = NULL, lease_expires_at = NULL WHERE owner_node = @nodeId AND state = 'claimed'",
                    new { nodeId }, tx, cancellationToken));
            }
            return (IReadOnlyList<string>)dead;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<NodeRecord>> ListNodesAsync(CancellationToken cancellationToken = default) =>
        ReadOnlyAsync("list nodes", async c =>
        {
            var now = await StoreNowMsAsync(c, null, cancellationToken);
            var rows = await c.QueryAsync<NodeRow>(Command(
                "SELECT node_id AS NodeId, address AS Address, started_at AS StartedAt, capacity AS Capacity, last_heartbeat AS LastHeartbeat, " +
                "state AS State FROM nodes ORDER BY node_id", null, null, cancellationToken));
            return (IReadOnlyList<NodeRecord>)rows.Select(r => new NodeRecord(
                r.NodeId, r.Address, FromMs(r.StartedAt), checked((int)r.Capacity), FromMs(r.LastHeartbeat), ParseNodeState(r.State),
                TimeSpan.FromMilliseconds(Math.Max(0, now - r.LastHeartbeat)))).ToList();
        }, cancellationToken);

    /// <summary>The time by which leases and heartbeats are judged, in ms since the epoch: the journal's clock unless the
    /// backend uses the database server's clock.</summary>
    protected virtual Task<long> StoreNowMsAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken) =>
        Task.FromResult(NowMs());

    /// <inheritdoc />
    public Task<bool> CompleteItemAsync(string node, ItemCompleted completion, int? claim = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(node);
        ArgumentNullException.ThrowIfNull(completion);
        var (runId, itemId) = (completion.RunId, completion.ItemId);
        return WriteAsync($"complete item '{itemId}' of run '{runId}' for node '{node}'", async (c, tx) =>
        {
            // Lock order everywhere: the run's row first, then item rows.
            await c.ExecuteScalarAsync<string>(Command($"SELECT run_id FROM runs WHERE run_id = @runId{ForUpdate}", new { runId }, tx, cancellationToken));
            var item = await c.QuerySingleOrDefaultAsync<ItemRow>(Command(
                $"SELECT {ItemColumns} FROM items WHERE run_id = @runId AND item_id = @itemId{ForUpdate}", new { runId, itemId }, tx, cancellationToken))
                ?? throw new JournalException($"{Description}: run '{runId}' has no item '{itemId}'");
            if (item.State != "claimed" || item.OwnerNode != node || !Holds(item, claim)) return false;
            await AppendInTransactionAsync(c, tx, runId, [completion], null, cancellationToken);
            return true;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<int> ReleaseItemsAsync(string node, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(node);
        return WriteAsync($"release the items of node '{node}'", (c, tx) => c.ExecuteAsync(Command(
            "UPDATE items SET state = 'pending', owner_node = NULL, lease_expires_at = NULL WHERE owner_node = @node AND state = 'claimed'",
            new { node }, tx, cancellationToken)), cancellationToken);
    }

    /// <summary>Creates the schema or brings it up to date, in one transaction; rejects foreign and newer databases.</summary>
    protected async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await WriteAsync("apply schema migrations", async (c, tx) =>
        {
            await LockForMigrationAsync(c, tx, cancellationToken);
            var current = await ReadSchemaVersionAsync(c, tx, cancellationToken);
            if (current == 0)
                await c.ExecuteAsync(Command(JournalSchema.CreateVersionTable, null, tx, cancellationToken));
            foreach (var migration in JournalSchema.Migrations.Where(m => m.Version > current))
            {
                await c.ExecuteAsync(Command(MigrationSql(migration), null, tx, cancellationToken));
                await c.ExecuteAsync(Command(
                    "INSERT INTO schema_version (component, version, description, applied_at) VALUES (@component, @version, @description, @now)",
                    new { component = JournalSchema.Component, version = (long)migration.Version, description = migration.Description, now = NowMs() },
                    tx, cancellationToken));
            }
            return current;
        }, cancellationToken);
    }

    /// <summary>Checks, without writing, that the database holds a journal at the latest schema version.</summary>
    protected Task VerifySchemaAsync(CancellationToken cancellationToken) =>
        ReadOnlyAsync("check the schema version", async c =>
        {
            var current = await ReadSchemaVersionAsync(c, null, cancellationToken);
            if (current != JournalSchema.LatestVersion)
                throw new JournalException(current == 0
                    ? $"{Description} holds no journal and cannot create one: it is opened read-only"
                    : $"{Description} has journal schema version {current} and needs migrating to {JournalSchema.LatestVersion}, but it is opened read-only");
            return current;
        }, cancellationToken);

    /// <summary>Runs a read in a fresh connection, translating backend errors.</summary>
    protected async Task<T> ReadOnlyAsync<T>(string operation, Func<DbConnection, Task<T>> body, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await OpenConnectionAsync(cancellationToken);
            return await body(connection);
        }
        catch (Exception e) when (e is not JournalException && Translate(e, operation) is { } translated)
        {
            throw translated;
        }
    }

    /// <summary>Runs a write transaction in a fresh connection and commits it, translating backend errors.</summary>
    protected async Task<T> WriteAsync<T>(string operation, Func<DbConnection, DbTransaction, Task<T>> body, CancellationToken cancellationToken)
    {
        EnsureWritable(operation);
        try
        {
            await using var connection = await OpenConnectionAsync(cancellationToken);
            await using var transaction = await BeginWriteAsync(connection, cancellationToken);
            var result = await body(connection, transaction);
            await transaction.CommitAsync(cancellationToken);
            return result;
        }
        catch (Exception e) when (e is not JournalException && !IsUniqueViolation(e) && Translate(e, operation) is { } translated)
        {
            throw translated;
        }
    }

    /// <summary>Wraps SQL, parameters and transaction for Dapper.</summary>
    protected static CommandDefinition Command(string sql, object? parameters, DbTransaction? transaction, CancellationToken cancellationToken) =>
        new(sql, parameters, transaction, cancellationToken: cancellationToken);

    /// <summary>Maps a work-item row read with <see cref="ItemColumnList"/> to a record.</summary>
    protected static WorkItemRecord ToRecord(ItemRow row) => new(
        row.RunId, row.ItemId, row.Name, ParseItemState(row.State), row.OwnerNode,
        row.LeaseExpiresAt is { } ms ? FromMs(ms) : null, checked((int)row.Attempts));

    /// <summary>The work-item columns, aliased to <see cref="ItemRow"/>'s properties.</summary>
    protected static string ItemColumnList => ItemColumns;

    private long NowMs() => Time.GetUtcNow().ToUnixTimeMilliseconds();

    private static DateTimeOffset FromMs(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    private async Task<long> ReadSchemaVersionAsync(DbConnection c, DbTransaction? tx, CancellationToken cancellationToken)
    {
        var tables = await ListTablesAsync(c, tx, cancellationToken);
        if (!tables.Contains(JournalSchema.VersionTable, StringComparer.OrdinalIgnoreCase))
        {
            if (tables.Count > 0)
                throw new JournalException($"{Description} is not a PluginHost journal: it holds tables ({string.Join(", ", tables.Order())}) " +
                                           $"but no {JournalSchema.VersionTable} table; use an empty database or a new file");
            return 0;
        }

        long current;
        try
        {
            current = await c.ExecuteScalarAsync<long>(Command(
                "SELECT COALESCE(MAX(version), 0) FROM schema_version WHERE component = @component",
                new { component = JournalSchema.Component }, tx, cancellationToken));
        }
        catch (DbException e)
        {
            throw new JournalException($"{Description} is not a PluginHost journal: its {JournalSchema.VersionTable} table has another shape ({e.Message})", e);
        }
        if (current == 0)
            throw new JournalException($"{Description} is not a PluginHost journal: its {JournalSchema.VersionTable} table records no '{JournalSchema.Component}' version");
        if (current > JournalSchema.LatestVersion)
            throw new JournalException($"{Description} has journal schema version {current}, newer than this build supports " +
                                       $"({JournalSchema.LatestVersion}); use a newer pluginhost");
        return current;
    }

    private static Task<string?> FindItemStateAsync(DbConnection c, DbTransaction tx, string runId, string itemId, CancellationToken cancellationToken) =>
        c.ExecuteScalarAsync<string?>(Command(
            "SELECT state FROM items WHERE run_id = @runId AND item_id = @itemId", new { runId, itemId }, tx, cancellationToken));

    private Task<IReadOnlyList<RunSummary>> ListRunsWhereAsync(string where, string operation, CancellationToken cancellationToken) =>
        ReadOnlyAsync(operation, async c =>
        {
            var rows = await c.QueryAsync<RunRow>(Command(
                $"SELECT {RunColumns} FROM runs {where}ORDER BY created_at, run_id", null, null, cancellationToken));
            return (IReadOnlyList<RunSummary>)rows.Select(r => new RunSummary(
                r.RunId, r.Kind, ParseRunState(r.State), FromMs(r.CreatedAt), FromMs(r.UpdatedAt), r.LastSeq,
                checked((int)r.ItemCount), checked((int)r.ItemsSucceeded), checked((int)r.ItemsFailed))).ToList();
        }, cancellationToken);

    private static string? ItemOf(RunEvent runEvent) => runEvent switch
    {
        StepEvent s => s.ItemId,
        ItemEvent i => i.ItemId,
        _ => null,
    };

    private static string NodeStateName(NodeState state) => state switch
    {
        NodeState.Alive => "alive",
        NodeState.Draining => "draining",
        NodeState.Dead => "dead",
        _ => "left",
    };

    private static NodeState ParseNodeState(string state) => state switch
    {
        "alive" => NodeState.Alive,
        "draining" => NodeState.Draining,
        "dead" => NodeState.Dead,
        "left" => NodeState.Left,
        _ => throw new JournalException($"unknown node state '{state}' in the nodes table"),
    };

    private RunState ParseRunState(string state) => state switch
    {
        "accepted" => RunState.Accepted,
        "running" => RunState.Running,
        "completed" => RunState.Completed,
        "failed" => RunState.Failed,
        _ => throw new JournalException($"{Description}: unknown run state '{state}' in the runs table"),
    };

    private static WorkItemState ParseItemState(string state) => state switch
    {
        "pending" => WorkItemState.Pending,
        "claimed" => WorkItemState.Claimed,
        "succeeded" => WorkItemState.Succeeded,
        "failed" => WorkItemState.Failed,
        _ => throw new JournalException($"unknown work-item state '{state}' in the items table"),
    };

    // A claim is a fencing token: the item's attempts counter as the claim set it; a later claim (even by the same node) outdates it.
    private static bool Holds(ItemRow item, int? claim) => claim is not { } c || item.Attempts == c;

    /// <summary>A row of the items table, as Dapper reads it.</summary>
    protected sealed class ItemRow
    {
        /// <summary>run_id.</summary>
        public string RunId { get; set; } = "";
        /// <summary>item_id.</summary>
        public string ItemId { get; set; } = "";
        /// <summary>name.</summary>
        public string Name { get; set; } = "";
        /// <summary>state.</summary>
        public string State { get; set; } = "";
        /// <summary>owner_node.</summary>
        public string? OwnerNode { get; set; }
        /// <summary>lease_expires_at, ms since the epoch.</summary>
        public long? LeaseExpiresAt { get; set; }
        /// <summary>attempts.</summary>
        public long Attempts { get; set; }
    }

    private sealed class RunRow
    {
        public string RunId { get; set; } = "";
        public string Kind { get; set; } = "";
        public string State { get; set; } = "";
        public long CreatedAt { get; set; }
        public long UpdatedAt { get; set; }
        public long LastSeq { get; set; }
        public long ItemCount { get; set; }
        public long ItemsSucceeded { get; set; }
        public long ItemsFailed { get; set; }
    }

    private sealed class NodeRow
    {
        public string NodeId { get; set; } = "";
        public string Address { get; set; } = "";
        public long StartedAt { get; set; }
        public long Capacity { get; set; }
        public long LastHeartbeat { get; set; }
        public string State { get; set; } = "";
    }

    private sealed class EventRow
    {
        public long Seq { get; set; }
        public string Body { get; set; } = "";
        public long RecordedAt { get; set; }
    }
}
