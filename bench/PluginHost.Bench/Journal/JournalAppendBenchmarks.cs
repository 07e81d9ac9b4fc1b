using BenchmarkDotNet.Attributes;
using PluginHost.Actors.Journal;
using PluginHost.Shared.Runs;

namespace PluginHost.Bench.Journal;

/// <summary>Journal write paths: one durable append (synchronous=FULL on SQLite), a batch of ten, a claim/complete cycle.
/// PostgreSQL runs too when PLUGINHOST_BENCH_PG holds a connection string.</summary>
[MemoryDiagnoser]
public class JournalAppendBenchmarks
{
    private IJournal journal = null!;
    private string? directory;
    private int counter;

    /// <summary>The backend measured: "sqlite" or "postgres".</summary>
    [Params("sqlite", "postgres")]
    public string Backend { get; set; } = "sqlite";

    /// <summary>Opens a fresh journal and starts a run to append to.</summary>
    [GlobalSetup]
    public async Task SetupAsync()
    {
        if (Backend == "postgres")
        {
            var connectionString = Environment.GetEnvironmentVariable("PLUGINHOST_BENCH_PG")
                ?? throw new InvalidOperationException("set PLUGINHOST_BENCH_PG to a PostgreSQL connection string to measure PostgreSQL");
            journal = await PostgresJournal.OpenAsync(connectionString);
        }
        else
        {
            directory = Directory.CreateTempSubdirectory("pluginhost-bench-journal-").FullName;
            journal = await SqliteJournal.OpenInDirectoryAsync(directory);
        }
        var runId = $"bench-{Guid.NewGuid():N}";
        await journal.AppendAsync(runId, [new RunAccepted(runId, DateTimeOffset.UtcNow, new RunSpec(runId, "sync", []))]);
        RunId = runId;
    }

    private string RunId { get; set; } = "";

    /// <summary>Closes the journal and removes the SQLite file.</summary>
    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await journal.DisposeAsync();
        if (directory is not null) Directory.Delete(directory, recursive: true);
    }

    /// <summary>One StepOutput event per transaction.</summary>
    [Benchmark]
    public Task<long> AppendOne() => journal.AppendAsync(RunId, [Output()]);

    /// <summary>Ten StepOutput events in one transaction.</summary>
    [Benchmark]
    public Task<long> AppendTen() => journal.AppendAsync(RunId, Enumerable.Range(0, 10).Select(_ => Output()).ToList());

    /// <summary>Schedule an item, claim it and complete it.</summary>
    [Benchmark]
    public async Task<bool> ScheduleClaimComplete()
    {
        var itemId = $"item-{++counter}";
        await journal.AppendAsync(RunId, [new ItemScheduled(RunId, itemId, DateTimeOffset.UtcNow, itemId)]);
        var claimed = await journal.ClaimItemsAsync("bench-node", 1, TimeSpan.FromMinutes(1));
        return await journal.CompleteItemAsync("bench-node", new ItemCompleted(RunId, claimed[0].ItemId, DateTimeOffset.UtcNow, ItemOutcome.Succeeded));
    }

    private RunEvent Output() =>
        new StepOutput(RunId, "item", 0, DateTimeOffset.UtcNow, "stdout", Payload.OfText("progress line of a plugin, about sixty characters long"));
}
