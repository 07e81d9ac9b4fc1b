using Microsoft.Data.Sqlite;
using PluginHost.Actors.Journal;
using PluginHost.Shared.Runs;

namespace PluginHost.Actors.Tests.Journal;

/// The SQLite journal against bad files and bad media: corrupt, foreign, read-only, full.
public sealed class SqliteJournalFileTests : IDisposable
{
    private static readonly DateTimeOffset T = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly DirectoryInfo dir = Directory.CreateTempSubdirectory("pluginhost-journal-files-");

    private string FilePath(string name) => Path.Combine(dir.FullName, name);

    private static async Task<long> StartRunAsync(IJournal journal, string runId, int items)
    {
        var spec = new RunSpec(runId, "sync", Enumerable.Range(0, items)
            .Select(i => new WorkItemSpec($"item-{i}", $"canister {i}", [new StepSpec("exec", "sha256:00", Payload.OfText("{}"), StepLimits.Default)]))
            .ToList());
        List<RunEvent> events = [new RunAccepted(runId, T, spec)];
        events.AddRange(spec.Items.Select(i => new ItemScheduled(runId, i.ItemId, T, i.Name)));
        return await journal.AppendAsync(runId, events);
    }

    private static RunEvent Output(string runId, int n, int size) =>
        new StepOutput(runId, "item-0", 0, T, "stdout", Payload.OfText($"{n}:" + new string((char)('a' + n % 26), size)));

    [Fact]
    public async Task AFileOfRandomBytesIsRejectedNamingTheFile()
    {
        var path = FilePath("random.db");
        await File.WriteAllBytesAsync(path, RandomBytes(8192));

        var e = await Assert.ThrowsAsync<JournalException>(() => SqliteJournal.OpenAsync(path));

        Assert.Contains(path, e.Message);
        Assert.Contains("is not a SQLite database", e.Message);
        Assert.Equal(8192, new FileInfo(path).Length); // left untouched
    }

    [Fact]
    public async Task AFileWithTheSqliteHeaderButGarbageAfterItIsRejectedNamingTheFile()
    {
        var path = FilePath("garbage.db");
        await File.WriteAllBytesAsync(path, [.. "SQLite format 3\0"u8.ToArray(), .. RandomBytes(8192)]);

        var e = await Assert.ThrowsAsync<JournalException>(() => SqliteJournal.OpenAsync(path));

        Assert.Contains(path, e.Message);
        Assert.Contains("corrupt", e.Message);
    }

    [Fact]
    public async Task AnotherApplicationsSqliteDatabaseIsRejectedAndLeftAlone()
    {
        var path = FilePath("shop.db");
        await using (var connection = new SqliteConnection($"Data Source={path};Pooling=false"))
        {
            await connection.OpenAsync();
            await using var command = new SqliteCommand("CREATE TABLE orders (id INTEGER PRIMARY KEY); CREATE TABLE customers (id INTEGER)", connection);
            await command.ExecuteNonQueryAsync();
        }

        var e = await Assert.ThrowsAsync<JournalException>(() => SqliteJournal.OpenAsync(path));

        Assert.Contains(path, e.Message);
        Assert.Contains("not a PluginHost journal", e.Message);
        Assert.Contains("customers, orders", e.Message);
        await using var check = new SqliteConnection($"Data Source={path};Pooling=false");
        await check.OpenAsync();
        await using var count = new SqliteCommand("SELECT count(*) FROM sqlite_master WHERE type = 'table'", check);
        Assert.Equal(2L, await count.ExecuteScalarAsync());
    }

    [Fact]
    public async Task AMissingDirectoryIsAClearError()
    {
        var path = Path.Combine(dir.FullName, "no", "such", "dir", "journal.db");

        var e = await Assert.ThrowsAsync<JournalException>(() => SqliteJournal.OpenAsync(path));

        Assert.Contains(path, e.Message);
        Assert.Contains("cannot be opened", e.Message);
    }

    [Fact]
    public async Task AJournalOpenedReadOnlyReadsButRefusesAppendsWhileAWriterContinues()
    {
        var path = FilePath(SqliteJournal.DefaultFileName);
        await using var writer = await SqliteJournal.OpenAsync(path);
        await StartRunAsync(writer, "r1", 1);

        await using var reader = await SqliteJournal.OpenAsync(path, readOnly: true);
        Assert.True(reader.IsReadOnly);
        Assert.Equal(2, (await reader.ReadAsync("r1")).Count);

        var e = await Assert.ThrowsAsync<JournalException>(() => reader.AppendAsync("r1", [Output("r1", 0, 10)]));
        Assert.Contains(path, e.Message);
        Assert.Contains("read-only", e.Message);
        await Assert.ThrowsAsync<JournalException>(() => reader.ClaimItemsAsync("node-a", 1, TimeSpan.FromSeconds(30)));

        await writer.AppendAsync("r1", [Output("r1", 1, 10)]);
        Assert.Equal(3, (await reader.ReadAsync("r1")).Count);
        Assert.Single(await reader.ListUnfinishedRunsAsync());
    }

    [TmpfsFact]
    public async Task AJournalOnAReadOnlyFileSystemKeepsEverythingReadableAndRefusesAppends()
    {
        using var mount = TmpfsMount.Create("1m");
        var path = Path.Combine(mount.Path, SqliteJournal.DefaultFileName);
        await using (var journal = await SqliteJournal.OpenAsync(path))
        {
            await StartRunAsync(journal, "r1", 2);
            await journal.AppendAsync("r1", [Output("r1", 0, 100), Output("r1", 1, 100)]);
        }
        mount.RemountReadOnly();

        await using var readOnly = await SqliteJournal.OpenAsync(path);

        Assert.True(readOnly.IsReadOnly);
        Assert.Contains("cannot be opened for writing", readOnly.ReadOnlyReason);
        Assert.Equal(5, (await readOnly.ReadAsync("r1")).Count);
        var e = await Assert.ThrowsAsync<JournalException>(() => readOnly.AppendAsync("r1", [Output("r1", 2, 100)]));
        Assert.Contains(path, e.Message);
        Assert.Contains("read-only", e.Message);
        Assert.Contains("nothing was written", e.Message);
        var entries = await readOnly.ReadAsync("r1");
        Assert.Equal([1L, 2, 3, 4, 5], entries.Select(x => x.Sequence));
        Assert.Equal(2, Assert.Single(await readOnly.ListRunsAsync()).ItemCount);
        Assert.Equal(2, (await readOnly.ListItemsAsync("r1")).Count);
    }

    [TmpfsFact]
    public async Task AFullDiskFailsTheAppendLosesNothingAndTheJournalRecoversOnceSpaceIsFreed()
    {
        using var mount = TmpfsMount.Create("512k");
        var path = Path.Combine(mount.Path, SqliteJournal.DefaultFileName);
        var filler = Path.Combine(mount.Path, "filler");
        await File.WriteAllBytesAsync(filler, new byte[64 * 1024]);
        await using var journal = await SqliteJournal.OpenAsync(path);
        var acknowledged = await StartRunAsync(journal, "r1", 1);

        JournalException? full = null;
        for (var n = 0; n < 200 && full is null; n++)
        {
            try { acknowledged = await journal.AppendAsync("r1", [Output("r1", n, 1000), Output("r1", n, 1000)]); }
            catch (JournalException e) { full = e; }
        }

        Assert.NotNull(full);
        Assert.Contains(path, full.Message);
        Assert.Contains("disk is full", full.Message);
        Assert.True(acknowledged > 10, $"only {acknowledged} events fitted before the disk was full: {full.Message}");
        var entries = await journal.ReadAsync("r1");
        Assert.Equal(Enumerable.Range(1, (int)acknowledged).Select(i => (long)i), entries.Select(e => e.Sequence));
        for (var i = 2; i < entries.Count; i++)
            Assert.StartsWith($"{(i - 2) / 2}:", ((StepOutput)entries[i].Event).Data.Text);
        Assert.Equal(acknowledged, Assert.Single(await journal.ListRunsAsync()).LastSequence);

        File.Delete(filler);
        Assert.Equal(acknowledged + 1, await journal.AppendAsync("r1", [Output("r1", 999, 10)], expectedSequence: acknowledged));
    }

    private static byte[] RandomBytes(int count)
    {
        var bytes = new byte[count];
        new Random(42).NextBytes(bytes);
        return bytes;
    }

    public void Dispose()
    {
        dir.Delete(recursive: true);
    }
}
