using System.Security.Cryptography;
using Npgsql;
using PluginHost.Actors.Journal;
using PluginHost.Shared.Runs;

namespace PluginHost.Actors.Tests.Journal;

[Collection(PostgresCollection.Name)]
public sealed class PostgresJournalTests(PostgresServerFixture server) : JournalContractTests
{
    private string connectionString = "";

    protected override async Task CreateStoreAsync() => connectionString = await server.CreateSchemaAsync();

    // The contract moves time by hand, so leases follow the journal clock here; StoreClockTests cover the server clock.
    protected override async Task<IJournal> OpenJournalAsync() => await PostgresJournal.OpenAsync(connectionString, Clock, LeaseClock.Node);

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
            await other.AppendAsync("r1", [new RunAccepted("r1", Clock.GetUtcNow(), new("r1", "sync", []))]);
            Assert.Single(await other.ListRunsAsync());
        }
        Assert.Empty(await Journal.ListRunsAsync());
    }

    [Fact]
    public async Task AReadOnlyDatabaseRefusesAppendsAndKeepsEverythingReadable()
    {
        await Journal.AppendAsync("r1", [new RunAccepted("r1", Clock.GetUtcNow(), new("r1", "sync", []))]);
        await using var readOnly = await PostgresJournal.OpenAsync(connectionString + ";Options=-c default_transaction_read_only=on", Clock);

        var e = await Assert.ThrowsAsync<JournalException>(() =>
            readOnly.AppendAsync("r1", [new StepStarted("r1", "item-0", 0, Clock.GetUtcNow(), "exec")]));

        Assert.Contains("read-only", e.Message);
        Assert.Contains("run 'r1'", e.Message);
        Assert.Single(await readOnly.ReadAsync("r1"));
        Assert.Equal(1, Assert.Single(await readOnly.ListRunsAsync()).LastSequence);
    }

    [TmpfsFact]
    public async Task AFullDiskFailsTheAppendLosesNothingAndTheJournalRecoversOnceSpaceIsFreed()
    {
        using var mount = TmpfsMount.Create("1m", owner: "postgres");
        var filler = Path.Combine(mount.Path, "filler");
        await File.WriteAllBytesAsync(filler, new byte[128 * 1024]);
        var tablespace = "tiny_" + Guid.NewGuid().ToString("N")[..8];
        var store = await server.CreateSchemaAsync();
        await using (var admin = new NpgsqlConnection(server.AdminConnectionString))
        {
            await admin.OpenAsync();
            await new NpgsqlCommand($"CREATE TABLESPACE {tablespace} LOCATION '{mount.Path}'", admin).ExecuteNonQueryAsync();
        }
        try
        {
            await using var journal = await PostgresJournal.OpenAsync(store + $";Options=-c default_tablespace={tablespace}", Clock);
            var now = Clock.GetUtcNow();
            var acknowledged = await journal.AppendAsync("r1", [new RunAccepted("r1", now, new("r1", "sync", []))]);
            JournalException? full = null;
            for (var n = 0; n < 2000 && full is null; n++)
            {
                try
                {
                    acknowledged = await journal.AppendAsync("r1", [
                        new StepOutput("r1", "item-0", 0, now, "stdout", Payload.OfBytes(RandomNumberGenerator.GetBytes(3000))),
                        new StepOutput("r1", "item-0", 0, now, "stdout", Payload.OfText($"{n}")),
                    ]);
                }
                catch (JournalException e) { full = e; }
            }

            Assert.NotNull(full);
            Assert.Contains("disk is full", full.Message);
            Assert.Contains("run 'r1'", full.Message);
            Assert.True(acknowledged > 10, $"only {acknowledged} events fitted before the disk was full: {full.Message}");
            var entries = await journal.ReadAsync("r1");
            Assert.Equal(Enumerable.Range(1, (int)acknowledged).Select(i => (long)i), entries.Select(x => x.Sequence));
            Assert.Equal(acknowledged, Assert.Single(await journal.ListRunsAsync()).LastSequence);

            File.Delete(filler);
            Assert.Equal(acknowledged + 1, await journal.AppendAsync("r1",
                [new StepOutput("r1", "item-0", 0, now, "stdout", Payload.OfText("after"))], expectedSequence: acknowledged));
        }
        finally
        {
            await using var admin = new NpgsqlConnection(server.AdminConnectionString);
            await admin.OpenAsync();
            var schema = new NpgsqlConnectionStringBuilder(store).SearchPath;
            await new NpgsqlCommand($"DROP SCHEMA {schema} CASCADE", admin).ExecuteNonQueryAsync();
            await new NpgsqlCommand($"DROP TABLESPACE {tablespace}", admin).ExecuteNonQueryAsync();
        }
    }
}
