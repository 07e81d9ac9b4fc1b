using static PluginHost.Tests.Common.TestRepo;
namespace PluginHost.EndToEnd.Tests.FirstHour;

/// <summary>A data directory that cannot be used (read-only, under a file, a corrupt journal), as a real process:
/// one line naming it and what to do, exit 2; `runs` still reads a read-only one.</summary>
public sealed class DataDirectoryTests
{
    private static string Project => Path.Combine(RepoRoot(), "examples", "icp-hello");
    private static string HelloSpec => Path.Combine(RepoRoot(), "examples", "runs", "hello.json");

    [Fact]
    public async Task RunsInAFreshDataDirectorySaysThereAreNoneAndExits0()
    {
        var data = Path.Combine(Directory.CreateTempSubdirectory("pluginhost-fresh-").FullName, "data");
        try
        {
            var (exitCode, stdout, stderr) = await RunToEnd("runs", "--data-dir", data);

            Assert.Equal(0, exitCode);
            Assert.Equal("", stderr);
            Assert.Equal("no runs yet (start one with `pluginhost run SPEC.json`, `sync` or `install`)", stdout.Trim());
            Assert.False(Directory.Exists(data), "listing runs created the data directory");
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(data)!, recursive: true);
        }
    }

    [Fact]
    public async Task SyncUnderAFileSaysTheDataDirectoryCannotBeCreated()
    {
        var dir = Directory.CreateTempSubdirectory("pluginhost-under-file-").FullName;
        try
        {
            var file = Path.Combine(dir, "notes.txt");
            await File.WriteAllTextAsync(file, "not a folder");
            var data = Path.Combine(file, "data");

            var (exitCode, stdout, stderr) = await RunToEnd("sync", "--project", Project, "--environment", "local", "--dry-run", "--data-dir", data);

            Assert.Equal(2, exitCode);
            CleanOutput.IsOneLine($"pluginhost sync: the data directory {data} cannot be created ({file} is a file): " +
                                  "give a writable one with --data-dir DIR (or $PLUGINHOST_DATA_DIR)", stdout, stderr);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [ReadOnlyMountFact]
    public async Task AReadOnlyDataDirectoryIsReadByRunsAndRefusedBySyncAndRunInOneLine()
    {
        using var mount = ReadOnlyMount.Create();
        var empty = Path.Combine(mount.Source, "empty");
        var full = Path.Combine(mount.Source, "full");
        Directory.CreateDirectory(empty);
        var (runCode, _, runErr) = await RunToEnd("run", HelloSpec, "--data-dir", full);
        Assert.True(runCode == 0, runErr);
        mount.MakeReadOnly();

        foreach (var name in new[] { "empty", "full" })
        {
            var data = Path.Combine(mount.Path, name);
            var (exitCode, stdout, stderr) = await RunToEnd("sync", "--project", Project, "--environment", "local", "--dry-run", "--data-dir", data);
            Assert.Equal(2, exitCode);
            CleanOutput.IsOneLine($"pluginhost sync: the data directory {data} is read-only: give a writable one with --data-dir DIR (or $PLUGINHOST_DATA_DIR)",
                stdout, stderr);
            var run = await RunToEnd("run", HelloSpec, "--data-dir", data);
            Assert.Equal(2, run.ExitCode);
            CleanOutput.IsOneLine($"pluginhost run: the data directory {data} is read-only: give a writable one with --data-dir DIR (or $PLUGINHOST_DATA_DIR)",
                run.Stdout, run.Stderr);
        }

        var (listCode, list, listErr) = await RunToEnd("runs", "--data-dir", Path.Combine(mount.Path, "full"));
        Assert.True(listCode == 0, listErr);
        Assert.Matches(@"(?m)^hello +demo +completed +2 +2 +0 ", list);
        var (emptyCode, emptyList, _) = await RunToEnd("runs", "--data-dir", Path.Combine(mount.Path, "empty"));
        Assert.Equal(0, emptyCode);
        Assert.StartsWith("no runs yet", emptyList);
    }

    [Theory]
    [InlineData("runs")]
    [InlineData("resume")]
    [InlineData("run")]
    [InlineData("sync")]
    [InlineData("install")]
    public async Task ACorruptJournalIsOneLineNamingTheFileAndExit2(string command)
    {
        var data = Directory.CreateTempSubdirectory("pluginhost-corrupt-").FullName;
        try
        {
            var journal = Path.Combine(data, "akka-journal.db");
            await File.WriteAllBytesAsync(journal, Enumerable.Range(0, 8192).Select(i => (byte)(i * 37 % 251)).ToArray());
            string[] args = command switch
            {
                "run" => ["run", HelloSpec],
                "sync" => ["sync", "--project", Project, "--environment", "local", "--dry-run"],
                "install" => ["install", "--config", Path.Combine(RepoRoot(), "examples", "tools", ".prototools")],
                _ => [command],
            };

            var (exitCode, stdout, stderr) = await RunToEnd([.. args, "--data-dir", data], new Dictionary<string, string>());

            Assert.Equal(2, exitCode);
            CleanOutput.IsOneLine($"pluginhost {command}: the store file {journal} is not a valid database " +
                                  "(SQLite Error 26: 'file is not a database'): move it away to start with an empty one", stdout, stderr);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }
}
