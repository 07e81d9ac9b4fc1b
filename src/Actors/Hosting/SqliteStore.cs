using Microsoft.Data.Sqlite;

namespace PluginHost.Actors.Hosting;

/// <summary>Prepares the embedded SQLite store before Akka opens it: WAL mode, the schema check of
/// <see cref="StoreSchema"/>, and one clear line when the file is corrupt, read-only or in a folder that cannot be written.</summary>
public static class SqliteStore
{
    /// <summary>Creates the folder, checks the schema (before changing anything), sets WAL, checks the file and writes
    /// the schema marker; returns the connection string, or throws <see cref="StoreException"/> naming the file and what
    /// to do. <paramref name="warn"/> gets the line about an old journal file beside it.</summary>
    public static string Prepare(string path, Action<string>? warn = null)
    {
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var connectionString = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = true }.ToString();
            using var connection = new SqliteConnection(connectionString);
            connection.Open();
            CheckSchema(connection, path, warn);
            using var command = connection.CreateCommand();
            // The probe table's name is unique: a reader (`pluginhost runs`) may probe while a run's process does.
            var probe = "pluginhost_probe_" + Guid.NewGuid().ToString("N");
            command.CommandText = $"PRAGMA journal_mode=WAL; PRAGMA quick_check; CREATE TABLE {probe}(x); DROP TABLE {probe};";
            using (var reader = command.ExecuteReader())
            {
                do
                {
                    while (reader.Read())
                    {
                        var value = reader.GetValue(0)?.ToString();
                        if (value is not null && value != "ok" && value != "wal")
                            throw new StoreException($"the store file {path} is corrupt ({value}): move it away to start with an empty one");
                    }
                } while (reader.NextResult());
            }
            command.CommandText = $"{StoreSchema.CreateMarkerSql}; {StoreSchema.InsertMarkerSql};";
            command.ExecuteNonQuery();
            return connectionString;
        }
        catch (SqliteException e) when (e.SqliteErrorCode is 8 or 14 || e.Message.Contains("readonly", StringComparison.OrdinalIgnoreCase))
        {
            throw new StoreException($"the store file {path} cannot be written ({e.Message.TrimEnd('.')}): make it and its folder writable or use another --data-dir");
        }
        catch (SqliteException e) when (e.SqliteErrorCode is 11 or 26)
        {
            throw new StoreException($"the store file {path} is not a valid database ({e.Message.TrimEnd('.')}): move it away to start with an empty one");
        }
        catch (UnauthorizedAccessException e)
        {
            throw new StoreException($"the store file {path} cannot be written ({e.Message}): use another --data-dir");
        }
        catch (IOException e)
        {
            throw new StoreException($"the store file {path} cannot be opened ({e.Message})");
        }
    }

    /// <summary>Throws <see cref="StoreException"/> when the file holds tables of another shape or another schema version
    /// (see <see cref="StoreSchema.Check(System.Data.Common.DbConnection, string, string, string)"/>); warns about the old journal file beside it. Reads only.</summary>
    public static void CheckSchema(SqliteConnection connection, string path, Action<string>? warn)
    {
        StoreSchema.Check(connection, "SELECT m.name, p.name FROM sqlite_master AS m JOIN pragma_table_info(m.name) AS p WHERE m.type = 'table'",
            $"the store file {path}", "another --data-dir");
        var old = Path.Combine(Path.GetDirectoryName(path)!, StoreSchema.OldSqliteFileName);
        if (File.Exists(old)) warn?.Invoke(StoreSchema.OldFileWarning(old));
    }
}

/// <summary>Opening the embedded SQLite store for reading only, which also works on a read-only data directory.</summary>
public static class SqliteStoreReader
{
    /// <summary>The connection string to read <paramref name="path"/>: <see cref="SqliteStore.Prepare"/>'s when its folder
    /// can be written, else an immutable read-only one (nobody can be writing beside a file in a read-only folder);
    /// throws <see cref="StoreException"/> when the file is not a database.</summary>
    public static (string ConnectionString, bool ReadOnly) Prepare(string path, Action<string>? warn = null)
    {
        if (FolderIsWritable(Path.GetDirectoryName(path)!)) return (SqliteStore.Prepare(path, warn), false);
        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = new Uri(path).AbsoluteUri + "?immutable=1", Mode = SqliteOpenMode.ReadOnly, Pooling = true,
        }.ToString();
        try
        {
            using var connection = new SqliteConnection(connectionString);
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA quick_check";
            var value = command.ExecuteScalar()?.ToString();
            if (value is not null && value != "ok")
                throw new StoreException($"the store file {path} is corrupt ({value}): move it away to start with an empty one");
            SqliteStore.CheckSchema(connection, path, warn);
            return (connectionString, true);
        }
        catch (SqliteException e)
        {
            throw new StoreException($"the store file {path} is not a valid database ({e.Message.TrimEnd('.')}): move it away to start with an empty one");
        }
    }

    private static bool FolderIsWritable(string folder)
    {
        var probe = Path.Combine(folder, ".pluginhost-write-probe-" + Guid.NewGuid().ToString("N"));
        try
        {
            using (File.Create(probe, 1, FileOptions.DeleteOnClose)) { }
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}

/// <summary>The store cannot be used; the message is one line for people naming the store and what to do.</summary>
public sealed class StoreException(string message) : Exception(message);
