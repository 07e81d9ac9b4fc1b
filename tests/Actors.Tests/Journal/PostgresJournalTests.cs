using Npgsql;
using PluginHost.Actors.Journal;

namespace PluginHost.Actors.Tests.Journal;

[Collection(PostgresCollection.Name)]
public sealed class PostgresJournalTests(PostgresServerFixture server) : JournalContractTests
{
    private string connectionString = "";

    protected override async Task CreateStoreAsync() => connectionString = await server.CreateSchemaAsync();

    protected override async Task<IJournal> OpenJournalAsync() => await PostgresJournal.OpenAsync(connectionString, Clock);

    protected override async Task ExecuteRawAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    protected override async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task AnUnreachableServerIsAClearError()
    {
        var port = server.Port == 1 ? 2 : 1; // nothing listens on port 1 of the loopback
        var e = await Assert.ThrowsAsync<JournalException>(() =>
            PostgresJournal.OpenAsync($"Host=127.0.0.1;Port={port};Username=postgres;Timeout=5"));

        Assert.Contains($"127.0.0.1:{port}", e.Message);
        Assert.Contains("cannot reach the server", e.Message);
    }

    [Fact]
    public async Task TablesLiveInTheConnectionsSchemaOnly()
    {
        var other = await PostgresJournal.OpenAsync(await server.CreateSchemaAsync(), Clock);
        await using (other)
        {
            await other.AppendAsync("r1", [new Shared.Runs.RunAccepted("r1", Clock.GetUtcNow(), new("r1", "sync", []))]);
            Assert.Single(await other.ListRunsAsync());
        }
        Assert.Empty(await Journal.ListRunsAsync());
    }
}
