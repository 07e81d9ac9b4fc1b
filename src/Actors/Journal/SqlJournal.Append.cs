using System.Data;
using System.Data.Common;
using System.Text;
using Dapper;
using PluginHost.Shared.Runs;

namespace PluginHost.Actors.Journal;

/// <summary>The append path: a batch of events becomes a handful of statements, whatever its size.</summary>
public abstract partial class SqlJournal
{
    // Rows per multi-row INSERT (8 parameters a row keeps every statement far below SQLite's 32,766 variables).
    private const int RowsPerInsert = 256;

    // Appends events in the open write transaction: the events are checked against the run's state in memory, then
    // written with one multi-row INSERT per 256 events, one per 256 scheduled items, one UPDATE per outcome of the
    // items completed in the batch and one UPDATE of the run's row (counters included).
    private async Task<long> AppendInTransactionAsync(
        DbConnection c, DbTransaction tx, string runId, IReadOnlyList<RunEvent> events, long? expectedSequence, CancellationToken cancellationToken)
    {
        var run = await c.QuerySingleOrDefaultAsync<RunRow>(Command(
            $"SELECT {RunColumns} FROM runs WHERE run_id = @runId{ForUpdate}", new { runId }, tx, cancellationToken));
        var last = run?.LastSeq ?? 0;
        if (expectedSequence is { } expected && expected != last) throw new JournalConflictException(runId, expected, last);

        var state = run?.State;
        var now = NowMs();
        var firstSeq = last + 1;
        RunAccepted? accepted = null;
        var scheduled = new List<(ItemScheduled Event, long Seq)>();
        var succeeded = new List<string>();
        var failed = new List<string>();
        var completedHere = new HashSet<string>(StringComparer.Ordinal);
        var itemsFailed = run?.ItemsFailed ?? 0;
        foreach (var runEvent in events)
        {
            last++;
            if (runEvent is RunAccepted first)
            {
                if (state is not null)
                    throw new JournalConflictException(runId, last - 1, last - 1, $"run '{runId}' already exists: RunAccepted is only ever its first event");
                if (first.Spec.RunId != runId)
                    throw new ArgumentException($"RunAccepted for run '{runId}' carries the spec of run '{first.Spec.RunId}'");
                accepted = first;
                state = "accepted";
                continue;
            }
            if (state is null)
                throw new JournalException($"{Description}: run '{runId}' is unknown: its first event must be RunAccepted, not {runEvent.EventType}");
            if (state is "completed" or "failed")
                throw new JournalException($"{Description}: run '{runId}' is finished (RunCompleted was journaled); cannot append {runEvent.EventType}");
            switch (runEvent)
            {
                case ItemScheduled item:
                    scheduled.Add((item, last));
                    break;
                case StepStarted:
                    if (state == "accepted") state = "running";
                    break;
                case ItemCompleted completed:
                    if (!completedHere.Add(completed.ItemId))
                        throw new JournalException($"{Description}: item '{completed.ItemId}' of run '{runId}' is already completed (twice in one append)");
                    if (completed.Outcome == ItemOutcome.Succeeded) succeeded.Add(completed.ItemId);
                    else
                    {
                        failed.Add(completed.ItemId);
                        itemsFailed++;
                    }
                    break;
                case RunCompleted done:
                    state = done.Failed > 0 || itemsFailed > 0 ? "failed" : "completed";
                    break;
            }
        }

        if (accepted is not null)
            await c.ExecuteAsync(Command(
                "INSERT INTO runs (run_id, kind, state, created_at, updated_at, last_seq, item_count, items_succeeded, items_failed) " +
                "VALUES (@runId, @kind, 'accepted', @now, @now, 0, 0, 0, 0)",
                new { runId, kind = accepted.Spec.Kind, now }, tx, cancellationToken));
        for (var start = 0; start < scheduled.Count; start += RowsPerInsert)
            await InsertItemsAsync(c, tx, runId, scheduled, start, Math.Min(RowsPerInsert, scheduled.Count - start), now, cancellationToken);
        for (var start = 0; start < events.Count; start += RowsPerInsert)
            await InsertEventsAsync(c, tx, runId, events, start, Math.Min(RowsPerInsert, events.Count - start), firstSeq + start, now, cancellationToken);
        await CompleteItemsAsync(c, tx, runId, succeeded, "succeeded", cancellationToken);
        await CompleteItemsAsync(c, tx, runId, failed, "failed", cancellationToken);
        await c.ExecuteAsync(Command(
            "UPDATE runs SET last_seq = @last, updated_at = @now, state = @state, item_count = item_count + @added, " +
            "items_succeeded = items_succeeded + @succeededCount, items_failed = items_failed + @failedCount WHERE run_id = @runId",
            new { last, now, state, added = (long)scheduled.Count, succeededCount = (long)succeeded.Count, failedCount = (long)failed.Count, runId },
            tx, cancellationToken));
        return last;
    }

    private async Task InsertItemsAsync(DbConnection c, DbTransaction tx, string runId, List<(ItemScheduled Event, long Seq)> scheduled,
        int start, int count, long now, CancellationToken cancellationToken)
    {
        var (command, sql) = BatchCommand(c, tx, runId, now,
            "INSERT INTO items (run_id, item_id, name, state, owner_node, lease_expires_at, attempts, scheduled_at, scheduled_seq) VALUES ");
        await using var _ = command;
        for (var i = 0; i < count; i++)
        {
            var (item, seq) = scheduled[start + i];
            if (i > 0) sql.Append(", ");
            sql.Append("(@r, @i").Append(i).Append(", @m").Append(i).Append(", 'pending', NULL, NULL, 0, @n, @s").Append(i).Append(')');
            Add(command, "i" + i, item.ItemId, DbType.String);
            Add(command, "m" + i, item.Name, DbType.String);
            Add(command, "s" + i, seq, DbType.Int64);
        }
        sql.Append(" ON CONFLICT DO NOTHING RETURNING item_id");
        command.CommandText = sql.ToString();
        var inserted = await ReadIdsAsync(command, cancellationToken);
        if (inserted.Count == count) return;
        // A row not inserted was there already, or came earlier in this very batch.
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var id = scheduled[start + i].Event.ItemId;
            if (!inserted.Contains(id) || !seen.Add(id))
                throw new JournalException($"{Description}: item '{id}' of run '{runId}' is already scheduled");
        }
    }

    private static async Task InsertEventsAsync(DbConnection c, DbTransaction tx, string runId, IReadOnlyList<RunEvent> events,
        int start, int count, long firstSeq, long now, CancellationToken cancellationToken)
    {
        var (command, sql) = BatchCommand(c, tx, runId, now,
            "INSERT INTO events (run_id, seq, event_type, item_id, step_index, occurred_at, recorded_at, body) VALUES ");
        await using var _ = command;
        for (var i = 0; i < count; i++)
        {
            var runEvent = events[start + i];
            var (itemId, stepIndex) = runEvent switch
            {
                StepEvent s => (s.ItemId, (long?)s.StepIndex),
                ItemEvent e => (e.ItemId, null),
                _ => ((string?)null, (long?)null),
            };
            if (i > 0) sql.Append(", ");
            sql.Append("(@r, @q").Append(i).Append(", @t").Append(i).Append(", @i").Append(i).Append(", @x").Append(i)
               .Append(", @o").Append(i).Append(", @n, @b").Append(i).Append(')');
            Add(command, "q" + i, firstSeq + i, DbType.Int64);
            Add(command, "t" + i, runEvent.EventType, DbType.String);
            Add(command, "i" + i, itemId, DbType.String);
            Add(command, "x" + i, stepIndex, DbType.Int64);
            Add(command, "o" + i, runEvent.Timestamp.ToUnixTimeMilliseconds(), DbType.Int64);
            Add(command, "b" + i, RunJson.Serialize(runEvent), DbType.String);
        }
        command.CommandText = sql.ToString();
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    // Marks items done with one UPDATE; when a row is missing or already done, names the item and why.
    private async Task CompleteItemsAsync(DbConnection c, DbTransaction tx, string runId, List<string> itemIds, string newState, CancellationToken cancellationToken)
    {
        if (itemIds.Count == 0) return;
        await using var command = c.CreateCommand();
        command.Transaction = tx;
        var sql = new StringBuilder("UPDATE items SET state = @s, owner_node = NULL, lease_expires_at = NULL WHERE run_id = @r AND state NOT IN ('succeeded', 'failed') AND item_id IN (");
        Add(command, "s", newState, DbType.String);
        Add(command, "r", runId, DbType.String);
        for (var i = 0; i < itemIds.Count; i++)
        {
            sql.Append(i > 0 ? ", @i" : "@i").Append(i);
            Add(command, "i" + i, itemIds[i], DbType.String);
        }
        command.CommandText = sql.Append(") RETURNING item_id").ToString();
        var updated = await ReadIdsAsync(command, cancellationToken);
        if (updated.Count == itemIds.Count) return;
        var missed = itemIds.First(id => !updated.Contains(id));
        var itemState = await FindItemStateAsync(c, tx, runId, missed, cancellationToken)
            ?? throw new JournalException($"{Description}: run '{runId}' has no item '{missed}' (ItemScheduled was never journaled)");
        throw new JournalException($"{Description}: item '{missed}' of run '{runId}' is already completed ({itemState})");
    }

    // A command in the transaction with @r (the run id) and @n (now) bound, and its SQL so far.
    private static (DbCommand Command, StringBuilder Sql) BatchCommand(DbConnection c, DbTransaction tx, string runId, long now, string sql)
    {
        var command = c.CreateCommand();
        command.Transaction = tx;
        Add(command, "r", runId, DbType.String);
        Add(command, "n", now, DbType.Int64);
        return (command, new StringBuilder(sql));
    }

    // Runs a statement returning item_id rows; the ids it returned.
    private static async Task<HashSet<string>> ReadIdsAsync(DbCommand command, CancellationToken cancellationToken)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) ids.Add(reader.GetString(0));
        return ids;
    }

    private static void Add(DbCommand command, string name, object? value, DbType type)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@" + name;
        parameter.DbType = type;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
    }
}
