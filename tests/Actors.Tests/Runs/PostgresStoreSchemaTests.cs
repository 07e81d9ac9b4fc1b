using Npgsql;
using PluginHost.Actors.Hosting;
using PluginHost.Tests.Common;

namespace PluginHost.Actors.Tests.Runs;

/// <summary>The schema check of a PostgreSQL store at open (each test in its own schema of one server).</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresStoreSchemaTests(PostgresServerFixture server)
{
    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<List<string>> TablesAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY 1", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var names = new List<string>();
        while (await reader.ReadAsync()) names.Add(reader.GetString(0));
        return names;
    }

    [Fact]
    public async Task A_node_writes_the_akka_tables_with_the_marker_and_the_old_tables_are_one_warning_line()
    {
        var store = await server.CreateSchemaAsync();
        await ExecuteAsync(store, "CREATE TABLE runs (id text); CREATE TABLE events (id bigint)");
        var warnings = new List<string>();
        var settings = new AkkaNodeSettings(Path.GetTempPath(), store) { SystemName = "pluginhost-schema-test", StoreWarning = warnings.Add };

        await using (var reader = await RunStore.OpenAsync(settings))
            Assert.Empty(await reader.Query.ListAsync());

        Assert.Equal($"the store {PostgresStore.Describe(store)} also holds the tables runs, events of an older PluginHost's journal, which is not read " +
                     "(runs in it cannot be resumed): finish them with the old version or drop those tables", Assert.Single(warnings));
        var tables = await TablesAsync(store);
        foreach (var table in new[] { "journal", "tags", "pluginhost_schema" }) Assert.Contains(table, tables); // snapshot: on first use
        // A second open checks the shape Akka.Persistence.Sql wrote.
        PostgresStore.Prepare(store);
    }

    [Fact]
    public async Task A_store_of_a_newer_schema_version_is_one_line_and_is_not_changed()
    {
        var store = await server.CreateSchemaAsync();
        await ExecuteAsync(store, "CREATE TABLE pluginhost_schema (id integer PRIMARY KEY, version integer NOT NULL); INSERT INTO pluginhost_schema VALUES (1, 7)");

        var e = Assert.Throws<StoreException>(() => PostgresStore.Prepare(store));

        Assert.Equal($"the store {PostgresStore.Describe(store)} holds PluginHost schema version 7, this PluginHost reads version 1: " +
                     "open it with the PluginHost that wrote it (a newer one) or use another database or schema in --store; nothing was changed", e.Message);
        Assert.Equal(["pluginhost_schema"], await TablesAsync(store));
    }

    [Fact]
    public async Task A_journal_table_of_another_shape_is_one_line_and_is_not_changed()
    {
        var store = await server.CreateSchemaAsync();
        await ExecuteAsync(store, "CREATE TABLE journal (id bigint, persistence_id text, sequence_number bigint)");

        var e = Assert.Throws<StoreException>(() => PostgresStore.Prepare(store));

        Assert.StartsWith($"the store {PostgresStore.Describe(store)} has a table 'journal' of another shape (no column ordering, created, deleted, message,", e.Message);
        Assert.Equal(["journal"], await TablesAsync(store));
    }
}
