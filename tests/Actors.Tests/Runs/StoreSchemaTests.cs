using Akka.Actor;
using Microsoft.Data.Sqlite;
using PluginHost.Actors.Hosting;
using PluginHost.Actors.Runners;
using PluginHost.Actors.Runs;
using PluginHost.Shared.Runs;

namespace PluginHost.Actors.Tests.Runs;

/// <summary>The schema check of the embedded store at open: the version marker, tables of another shape or version
/// (one line, nothing changed), a store written before the marker, the old journal file, and an event whose manifest
/// this version does not know.</summary>
public sealed class StoreSchemaTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pluginhost-schema-").FullName;

    private string Path_ => Path.Combine(_dir, AkkaNodeSettings.SqliteFileName);

    /// <inheritdoc />
    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private void Execute(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={Path_};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private List<long> MarkerVersions()
    {
        using var connection = new SqliteConnection($"Data Source={Path_};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT version FROM pluginhost_schema";
        using var reader = command.ExecuteReader();
        var versions = new List<long>();
        while (reader.Read()) versions.Add(reader.GetInt64(0));
        return versions;
    }

    [Fact]
    public void A_fresh_store_gets_the_current_schema_version()
    {
        SqliteStore.Prepare(Path_);
        Assert.Equal([StoreSchema.Version], MarkerVersions());
        SqliteStore.Prepare(Path_);
        Assert.Equal([StoreSchema.Version], MarkerVersions());
    }

    [Fact]
    public void A_store_of_a_newer_schema_version_is_one_line_and_is_not_changed()
    {
        Execute("CREATE TABLE pluginhost_schema (id INTEGER PRIMARY KEY, version INTEGER NOT NULL); INSERT INTO pluginhost_schema VALUES (1, 2)");
        SqliteConnection.ClearAllPools();
        var before = File.ReadAllBytes(Path_);

        var e = Assert.Throws<StoreException>(() => SqliteStore.Prepare(Path_));

        Assert.Equal($"the store file {Path_} holds PluginHost schema version 2, this PluginHost reads version 1: open it with the PluginHost " +
                     "that wrote it (a newer one) or use another --data-dir; nothing was changed", e.Message);
        SqliteConnection.ClearAllPools();
        Assert.Equal(before, File.ReadAllBytes(Path_));
        Assert.False(File.Exists(Path_ + "-wal"), "the store was switched to WAL");
    }

    [Fact]
    public void A_journal_table_of_another_shape_is_one_line_naming_the_table_and_the_missing_columns()
    {
        Execute("CREATE TABLE journal (ordering INTEGER PRIMARY KEY, persistence_id TEXT, payload BLOB)");

        var e = Assert.Throws<StoreException>(() => SqliteStore.Prepare(Path_));

        Assert.Equal($"the store file {Path_} has a table 'journal' of another shape (no column created, deleted, sequence_number, message, " +
                     "manifest, identifier, writer_uuid): it was not written by this PluginHost; use another --data-dir; nothing was changed", e.Message);
        Assert.DoesNotContain("pluginhost_schema", TableNames());
    }

    [Fact]
    public async Task A_store_written_before_the_marker_counts_as_the_current_version_and_gets_the_marker()
    {
        await using (var node = await AkkaNode.StartAsync(new AkkaNodeSettings(_dir, Runners: 1), new StepExecutorRegistry().Add(new GateExecutor())))
            Assert.Empty(await node.Query.ListAsync());
        Execute("DROP TABLE pluginhost_schema");
        Assert.Contains("journal", TableNames());

        SqliteStore.Prepare(Path_);

        Assert.Equal([StoreSchema.Version], MarkerVersions());
    }

    [Fact]
    public void An_old_journal_file_beside_the_store_is_one_warning_line_and_the_store_opens()
    {
        var old = Path.Combine(_dir, "journal.db");
        File.WriteAllText(old, "the old home-made journal");
        var warnings = new List<string>();

        SqliteStore.Prepare(Path_, warnings.Add);

        Assert.Equal($"the old journal file {old} was written by an older PluginHost and is not read (runs in it cannot be resumed): " +
                     "finish them with the old version or remove the file", Assert.Single(warnings));
        Assert.Equal([StoreSchema.Version], MarkerVersions());
    }

    [Fact]
    public async Task An_event_of_an_unknown_manifest_fails_the_query_and_the_entity_naming_the_run_and_the_manifest()
    {
        var executor = new GateExecutor();
        executor.Gate.Set();
        var settings = new AkkaNodeSettings(_dir, Runners: 1);
        await using (var node = await AkkaNode.StartAsync(settings, new StepExecutorRegistry().Add(executor)))
        {
            Assert.IsType<RunSubmitted>(await node.SubmitAsync(new RunSpec("r1", "test", [new WorkItemSpec("a", "a", [GateExecutor.Step("one")])])));
            await foreach (var _ in node.FollowAsync("r1")) { }
        }
        Execute("UPDATE journal SET manifest = 'future-event' WHERE persistence_id = 'run-r1' AND sequence_number = 2");
        const string expected = "the journal of run r1 holds an event 'future-event' this PluginHost does not know (written by another version): " +
                                "read the run with the PluginHost that wrote it";

        await using (var node = await AkkaNode.StartAsync(settings, new StepExecutorRegistry().Add(executor)))
        {
            var e = await Assert.ThrowsAsync<StoreException>(() => node.Query.GetAsync("r1"));
            Assert.Equal(expected, e.Message);

            var stopped = new TaskCompletionSource<RunStopped>(TaskCreationOptions.RunContinuationsAsynchronously);
            var probe = node.System.ActorOf(Props.Create(() => new StoppedProbe(stopped)));
            node.System.EventStream.Subscribe(probe, typeof(RunStopped));
            node.Region.Tell(new GetRunStatus("r1"));
            var reason = (await stopped.Task.WaitAsync(TimeSpan.FromSeconds(60))).Reason;
            Assert.Equal($"its journal cannot be replayed ({expected})", reason);
        }
    }

    private List<string> TableNames()
    {
        using var connection = new SqliteConnection($"Data Source={Path_};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table'";
        using var reader = command.ExecuteReader();
        var names = new List<string>();
        while (reader.Read()) names.Add(reader.GetString(0));
        return names;
    }

    private sealed class StoppedProbe : ReceiveActor
    {
        public StoppedProbe(TaskCompletionSource<RunStopped> stopped) => Receive<RunStopped>(s => stopped.TrySetResult(s));
    }
}
