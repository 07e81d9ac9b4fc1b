using Microsoft.Data.Sqlite;
using PluginHost.Actors.Journal;

namespace PluginHost.Actors.Tests.Journal;

public sealed class SqliteJournalTests : JournalContractTests, IDisposable
{
    private readonly DirectoryInfo dir = Directory.CreateTempSubdirectory("pluginhost-journal-");
    private string path = "";
    private int stores;

    protected override Task CreateStoreAsync()
    {
        path = Path.Combine(dir.FullName, $"store{++stores}", SqliteJournal.DefaultFileName);
        return Task.CompletedTask;
    }

    protected override async Task<IJournal> OpenJournalAsync() =>
        await SqliteJournal.OpenInDirectoryAsync(Path.GetDirectoryName(path)!, Clock);

    protected override async Task ExecuteRawAsync(string sql)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=false");
        await connection.OpenAsync();
        await using var command = new SqliteCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    protected override async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=false");
        await connection.OpenAsync();
        await using var command = new SqliteCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task TheJournalIsOneWalFileInTheDataDirectory()
    {
        Assert.True(File.Exists(path));
        Assert.Equal("wal", (await ScalarTextAsync("PRAGMA journal_mode")));
        Assert.Equal(path, ((SqliteJournal)Journal).Path);
        Assert.False(((SqliteJournal)Journal).IsReadOnly);
    }

    private async Task<string?> ScalarTextAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=false");
        await connection.OpenAsync();
        await using var command = new SqliteCommand(sql, connection);
        return (string?)await command.ExecuteScalarAsync();
    }

    public void Dispose()
    {
        dir.Delete(recursive: true);
    }
}
