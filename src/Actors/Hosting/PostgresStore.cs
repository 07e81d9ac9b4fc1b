using Npgsql;

namespace PluginHost.Actors.Hosting;

/// <summary>Prepares a PostgreSQL store before Akka opens it: the schema check of <see cref="StoreSchema"/> in the
/// connection's schema, the schema marker, and one clear line when the server cannot be reached.</summary>
public static class PostgresStore
{
    /// <summary>Checks the schema (before changing anything) and writes the schema marker; throws
    /// <see cref="StoreException"/> naming the store and what to do. <paramref name="warn"/> gets the line about the old
    /// journal's tables.</summary>
    public static void Prepare(string connectionString, Action<string>? warn = null)
    {
        var store = "the store " + Describe(connectionString);
        try
        {
            // Not from the pool: a pooled connection may be one a PostgreSQL restart has terminated.
            using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
            connection.Open();
            var columns = StoreSchema.Check(connection,
                "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema()",
                store, "another database or schema in --store");
            try
            {
                using var create = new NpgsqlCommand(StoreSchema.CreateMarkerSql, connection);
                create.ExecuteNonQuery();
            }
            catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.DuplicateTable)
            {
                // Another node created it at the same moment.
            }
            using (var insert = new NpgsqlCommand(StoreSchema.InsertMarkerSql, connection)) insert.ExecuteNonQuery();
            var old = StoreSchema.OldTables.Where(columns.ContainsKey).ToList();
            if (old.Count > 0) warn?.Invoke(StoreSchema.OldTablesWarning(store, old));
        }
        catch (PostgresException e)
        {
            throw new StoreException($"{store} cannot be used ({e.MessageText.TrimEnd('.')}): check the user's rights on the database and --store");
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException)
        {
            throw new StoreException($"cannot reach {store} ({e.Message.TrimEnd('.')}): check that PostgreSQL is running and --store is right");
        }
    }

    /// <summary>"postgres " and the connection string without its password.</summary>
    public static string Describe(string connectionString) =>
        $"postgres {new NpgsqlConnectionStringBuilder(connectionString) { Password = null }.ConnectionString}";
}
