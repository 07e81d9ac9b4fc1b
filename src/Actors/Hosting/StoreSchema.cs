using System.Data.Common;
using System.Globalization;

namespace PluginHost.Actors.Hosting;

/// <summary>What a store must hold to be opened: the tables Akka.Persistence.Sql writes (with the columns this version
/// reads) and PluginHost's own schema version in the one-row table <see cref="MarkerTable"/>; checked at open, before the
/// actor system uses the store. The old home-made journal (<see cref="OldSqliteFileName"/>, the <see cref="OldTables"/>)
/// is not read: it is only named in a warning.</summary>
public static class StoreSchema
{
    /// <summary>The schema version this PluginHost writes and reads.</summary>
    public const int Version = 1;

    /// <summary>The table holding the schema version (one row, id 1).</summary>
    public const string MarkerTable = "pluginhost_schema";

    /// <summary>The old home-made journal's SQLite file in the data directory.</summary>
    public const string OldSqliteFileName = "journal.db";

    /// <summary>The old home-made journal's tables in PostgreSQL.</summary>
    public static IReadOnlyList<string> OldTables { get; } = ["runs", "events", "items", "nodes"];

    /// <summary>Every table of the schema with the columns this version reads.</summary>
    public static IReadOnlyDictionary<string, string[]> Tables { get; } = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase)
    {
        ["journal"] = ["ordering", "created", "deleted", "persistence_id", "sequence_number", "message", "manifest", "identifier", "writer_uuid"],
        ["tags"] = ["ordering_id", "tag", "sequence_nr", "persistence_id"],
        ["snapshot"] = ["persistence_id", "sequence_number", "created", "snapshot", "manifest", "serializer_id"],
        [MarkerTable] = ["id", "version"],
    };

    /// <summary>Creates the marker table (SQLite and PostgreSQL).</summary>
    public const string CreateMarkerSql =
        $"CREATE TABLE IF NOT EXISTS {MarkerTable} (id INTEGER NOT NULL PRIMARY KEY CHECK (id = 1), version INTEGER NOT NULL)";

    /// <summary>Writes this version into the marker table unless a row is there.</summary>
    public static string InsertMarkerSql { get; } = $"INSERT INTO {MarkerTable} (id, version) VALUES (1, {Version}) ON CONFLICT (id) DO NOTHING";

    /// <summary>Reads the marker's versions.</summary>
    public const string SelectMarkerSql = $"SELECT version FROM {MarkerTable}";

    /// <summary>Throws <see cref="StoreException"/> (naming <paramref name="store"/>, what to do, and that nothing was
    /// changed) when a table of the schema lacks a column or the marker holds another version; a store without a marker
    /// (written before there was one) counts as <see cref="Version"/>. <paramref name="markerVersions"/> is called only
    /// when the marker table exists with its columns; <paramref name="other"/> says how to give another store.</summary>
    public static void Check(string store, string other, IReadOnlyDictionary<string, IReadOnlySet<string>> columns, Func<IReadOnlyList<long>> markerVersions)
    {
        foreach (var (table, expected) in Tables)
        {
            if (!columns.TryGetValue(table, out var present)) continue;
            var missing = expected.Where(c => !present.Contains(c)).ToList();
            if (missing.Count > 0)
                throw new StoreException($"{store} has a table '{table}' of another shape (no column {string.Join(", ", missing)}): " +
                                         $"it was not written by this PluginHost; use {other}; nothing was changed");
        }
        if (!columns.ContainsKey(MarkerTable)) return;
        var versions = markerVersions();
        if (versions.Count > 1 || versions is [var written] && written != Version)
            throw new StoreException($"{store} holds PluginHost schema version {string.Join(", ", versions)}, this PluginHost reads version {Version}: " +
                                     $"open it with the PluginHost that wrote it{(versions.Any(v => v > Version) ? " (a newer one)" : "")} or use {other}; nothing was changed");
    }

    /// <summary><see cref="Check(string, string, IReadOnlyDictionary{string, IReadOnlySet{string}}, Func{IReadOnlyList{long}})"/>
    /// on an open connection, whose (table, column) rows <paramref name="columnsSql"/> lists; returns the tables' columns.</summary>
    public static IReadOnlyDictionary<string, IReadOnlySet<string>> Check(DbConnection connection, string columnsSql, string store, string other)
    {
        var columns = Group(Rows(connection, columnsSql, r => (r.GetString(0), r.GetString(1))));
        Check(store, other, columns, () => Rows(connection, SelectMarkerSql, r => Convert.ToInt64(r.GetValue(0), CultureInfo.InvariantCulture)));
        return columns;
    }

    private static List<T> Rows<T>(DbConnection connection, string sql, Func<DbDataReader, T> read)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read()) rows.Add(read(reader));
        return rows;
    }

    /// <summary>The warning for a store holding the old journal's <paramref name="tables"/>.</summary>
    public static string OldTablesWarning(string store, IEnumerable<string> tables) =>
        $"{store} also holds the tables {string.Join(", ", tables)} of an older PluginHost's journal, which is not read " +
        "(runs in it cannot be resumed): finish them with the old version or drop those tables";

    /// <summary>The warning for an old journal file beside the store.</summary>
    public static string OldFileWarning(string file) =>
        $"the old journal file {file} was written by an older PluginHost and is not read (runs in it cannot be resumed): " +
        "finish them with the old version or remove the file";

    /// <summary>Table name to column names, case-insensitive, from (table, column) rows.</summary>
    public static IReadOnlyDictionary<string, IReadOnlySet<string>> Group(IEnumerable<(string Table, string Column)> rows) =>
        rows.GroupBy(r => r.Table, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, IReadOnlySet<string> (g) => g.Select(r => r.Column).ToHashSet(StringComparer.OrdinalIgnoreCase),
                StringComparer.OrdinalIgnoreCase);
}
