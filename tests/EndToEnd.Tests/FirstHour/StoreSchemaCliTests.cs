using Microsoft.Data.Sqlite;
using static PluginHost.Tests.Common.TestRepo;

namespace PluginHost.EndToEnd.Tests.FirstHour;

/// A store of another schema as a real process: the old journal file is one warning line and the command goes on;
/// a newer schema version or an event this version does not know is one line naming it and what to do, exit non-zero,
/// nothing changed; a read-only store file is one line.
public sealed class StoreSchemaCliTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("pluginhost-schema-cli-").FullName;

    private static string HelloSpec => Path.Combine(RepoRoot(), "examples", "runs", "hello.json");

    private string Journal => Path.Combine(_data, "akka-journal.db");

    public void Dispose() => Directory.Delete(_data, recursive: true);

    private void Execute(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={Journal};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private async Task RunHelloAsync()
    {
        var (code, _, stderr) = await RunToEnd("run", HelloSpec, "--data-dir", _data);
        Assert.True(code == 0, stderr);
    }

    [Fact]
    public async Task AnOldJournalFileIsOneWarningLineAndTheRunGoesOn()
    {
        var old = Path.Combine(_data, "journal.db");
        await File.WriteAllTextAsync(old, "written by the home-made journal");
        var warning = $"[WRN] the old journal file {old} was written by an older PluginHost and is not read (runs in it cannot be resumed): " +
                      "finish them with the old version or remove the file";

        var (code, stdout, stderr) = await RunToEnd("run", HelloSpec, "--data-dir", _data);

        Assert.Equal(0, code);
        CleanOutput.IsOneLine(warning, stdout, stderr);
        Assert.Contains("run hello completed: 2 succeeded, 0 failed", stdout);
        var (listCode, list, listErr) = await RunToEnd("runs", "--data-dir", _data);
        Assert.Equal(0, listCode);
        CleanOutput.IsOneLine(warning, list, listErr);
        Assert.Matches(@"(?m)^hello +demo +completed +2 +2 +0 ", list);
    }

    [Fact]
    public async Task AStoreOfANewerSchemaVersionIsOneLineForRunAndNodeAndIsNotChanged()
    {
        await RunHelloAsync();
        Execute("UPDATE pluginhost_schema SET version = 2");
        var before = await File.ReadAllBytesAsync(Journal);
        var line = $"the store file {Journal} holds PluginHost schema version 2, this PluginHost reads version 1: " +
                   "open it with the PluginHost that wrote it (a newer one) or use another --data-dir; nothing was changed";

        var run = await RunToEnd("run", HelloSpec, "--data-dir", _data);
        var node = await RunToEnd("node", "--data-dir", _data, "--listen", $"127.0.0.1:{Cluster.NodeProcess.FreePort()}",
            "--port", $"{Cluster.NodeProcess.FreePort()}");

        Assert.Equal(2, run.ExitCode);
        CleanOutput.IsOneLine($"pluginhost run: {line}", run.Stdout, run.Stderr);
        Assert.Equal(1, node.ExitCode);
        Assert.Equal($"pluginhost node: {line}", node.Stderr.Trim());
        Assert.DoesNotContain("   at ", node.Stdout);
        Assert.Equal(before, await File.ReadAllBytesAsync(Journal));
    }

    [Fact]
    public async Task AnEventOfAnUnknownManifestIsOneLineNamingTheRunAndTheManifest()
    {
        await RunHelloAsync();
        Execute("UPDATE journal SET manifest = 'future-event' WHERE persistence_id = 'run-hello' AND sequence_number = 3");
        const string line = "the journal of run hello holds an event 'future-event' this PluginHost does not know (written by another version): " +
                            "read the run with the PluginHost that wrote it";

        foreach (var args in new[] { new[] { "runs", "show", "hello" }, ["runs"], ["resume", "hello"] })
        {
            var (code, stdout, stderr) = await RunToEnd([.. args, "--data-dir", _data]);
            Assert.Equal(2, code);
            CleanOutput.IsOneLine($"pluginhost {string.Join(' ', args.Where(a => a != "hello"))}: {line}", stdout, stderr);
        }
    }

    [ReadOnlyFileFact]
    public async Task ARunOnAReadOnlyStoreFileIsOneLineNamingTheFileAndExit2()
    {
        await RunHelloAsync();
        var spec = Path.Combine(_data, "hello2.json");
        await File.WriteAllTextAsync(spec, (await File.ReadAllTextAsync(HelloSpec)).Replace("\"hello\"", "\"hello2\"", StringComparison.Ordinal));
        using var readOnly = ReadOnlyFile.Make(Journal);

        var (code, stdout, stderr) = await RunToEnd("run", spec, "--data-dir", _data);

        Assert.Equal(2, code);
        CleanOutput.IsOneLine($"pluginhost run: the store file {Journal} cannot be written (SQLite Error 8: 'attempt to write a readonly database'): " +
                              "make it and its folder writable or use another --data-dir", stdout, stderr);
    }
}
