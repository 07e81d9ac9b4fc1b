using static PluginHost.Tests.Common.TestRepo;
using System.Diagnostics;
using PluginHost.Actors.Runners;
using PluginHost.Shared.Runs;

namespace PluginHost.EndToEnd.Tests;

/// <summary>`pluginhost run` killed with SIGKILL mid-run, then `pluginhost resume`: every item completes, nothing
/// journaled as completed runs twice.</summary>
public sealed class RunCrashRecoveryTests : IDisposable
{
    private const int Items = 50;
    private const int StepsPerItem = 2;
    private readonly string _dir = Directory.CreateTempSubdirectory("run-crash-tests-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string DataDir => Path.Combine(_dir, "data");
    private string OutDir => Path.Combine(_dir, "out");

    [Fact]
    public async Task AKilledRunResumesWithoutRedoingCompletedSteps()
    {
        Directory.CreateDirectory(OutDir);
        var specPath = WriteSpec("crash-run");

        // 1. Run, and kill the process once a few items have completed.
        var first = Start("run", specPath, "--data-dir", DataDir, "--runners", "2");
        var succeededLines = 0;
        var enough = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        first.OutputDataReceived += (_, e) =>
        {
            if (e.Data?.EndsWith(": succeeded", StringComparison.Ordinal) == true && Interlocked.Increment(ref succeededLines) >= 8)
                enough.TrySetResult();
        };
        first.BeginOutputReadLine();
        var firstStderr = first.StandardError.ReadToEndAsync();
        var exitedEarly = first.WaitForExitAsync();
        var winner = await Task.WhenAny(enough.Task, exitedEarly, Task.Delay(TimeSpan.FromSeconds(120)));
        Assert.True(winner == enough.Task, $"the run did not get going (exited: {first.HasExited}): {await ReadIfExited(first, firstStderr)}");
        first.Kill(entireProcessTree: true);
        await first.WaitForExitAsync();

        // 2. What the journal says was completed before the kill.
        HashSet<(string Item, int Step)> completedBeforeKill;
        await using (var journal = await AkkaJournal.OpenInDirectoryAsync(DataDir))
        {
            var events = (await journal.ReadAsync("crash-run")).Select(e => e.Event).ToList();
            Assert.DoesNotContain(events, e => e is RunCompleted);
            completedBeforeKill = events.OfType<StepCompleted>().Select(c => (c.ItemId, c.StepIndex)).ToHashSet();
            Assert.NotEmpty(completedBeforeKill);
            Assert.True(completedBeforeKill.Count < Items * StepsPerItem, "the kill came after every step had completed");
            Assert.False(Assert.Single(await journal.ListUnfinishedRunsAsync()).Completed);
        }

        // 3. Resume.
        var (exitCode, stdout, stderr) = await RunToEnd("resume", "--data-dir", DataDir, "--runners", "2");
        Assert.True(exitCode == 0, $"resume exited {exitCode}\n{stdout}\n{stderr}");
        Assert.Contains("resuming run crash-run", stdout);

        // 4. The journal: the run finished, every item succeeded once, completed steps were not redone.
        await using (var journal = await AkkaJournal.OpenInDirectoryAsync(DataDir))
        {
            var events = (await journal.ReadAsync("crash-run")).Select(e => e.Event).ToList();
            var done = Assert.IsType<RunCompleted>(events[^1]);
            Assert.Equal((Items, 0), (done.Succeeded, done.Failed));
            Assert.Single(events.OfType<RunCompleted>());
            var completions = events.OfType<ItemCompleted>().ToList();
            Assert.Equal(Items, completions.Count);
            Assert.Equal(Items, completions.Select(c => c.ItemId).Distinct().Count());
            Assert.All(completions, c => Assert.Equal(ItemOutcome.Succeeded, c.Outcome));
            var stepCompletions = events.OfType<StepCompleted>().GroupBy(c => (c.ItemId, c.StepIndex)).ToList();
            Assert.Equal(Items * StepsPerItem, stepCompletions.Count);
            Assert.All(stepCompletions, g => Assert.Single(g));
            foreach (var (item, step) in completedBeforeKill)
                Assert.Single(events.OfType<StepStarted>(), s => s.ItemId == item && s.StepIndex == step);
            Assert.True(Assert.Single(await journal.ListRunsAsync()).Completed);
        }

        // 5. The side effects: every step ran; those completed before the kill ran exactly once.
        for (var i = 0; i < Items; i++)
        {
            var lines = File.ReadAllLines(Path.Combine(OutDir, $"item{i}.txt"));
            for (var s = 0; s < StepsPerItem; s++)
            {
                var count = lines.Count(l => l == $"item{i} step{s}");
                if (completedBeforeKill.Contains(($"item{i}", s))) Assert.True(count == 1, $"item{i} step{s} ran {count} times though it was journaled as completed");
                else Assert.InRange(count, 1, 2);
            }
            // Steps ran in order: step 0's first line comes before step 1's.
            Assert.True(Array.IndexOf(lines, $"item{i} step0") < Array.IndexOf(lines, $"item{i} step1"));
        }

        // 6. The node logged to DATA/logs, with the run's id as a structured property.
        var log = string.Join("\n", Directory.GetFiles(Path.Combine(DataDir, "logs"), "pluginhost-*.log").Select(ReadShared));
        Assert.Contains("Resuming run crash-run", log);
        Assert.Contains("Run crash-run completed: 50 succeeded, 0 failed", log);

        // 7. `runs` lists it as completed, `runs show` shows its items.
        var (listCode, list, _) = await RunToEnd("runs", "--data-dir", DataDir);
        Assert.Equal(0, listCode);
        Assert.Matches(@"crash-run\s+e2e\s+completed\s+50\s+50\s+0", list);
        var (showCode, show, _) = await RunToEnd("runs", "show", "crash-run", "--data-dir", DataDir);
        Assert.Equal(0, showCode);
        Assert.Contains("item item49 (item 49): succeeded", show);
        Assert.Contains("stdout: appended item49 step1", show);
    }

    [Fact]
    public async Task AnInvalidSpecIsRejectedAndTheExitCodeCountsFailedItems()
    {
        Directory.CreateDirectory(OutDir);
        var wasm = Path.Combine(RepoRoot(), "tests", "fixtures", "wasi", "steps.wasm");
        var step = new StepSpec("s", wasm, new WasiStepInput(["exit", "3"]).ToPayload(), StepLimits.Default);
        var bad = Path.Combine(_dir, "bad.json");
        File.WriteAllText(bad, RunJson.Serialize(new RunSpec("bad", "e2e", [new("a", "a", [step]), new("a", "a", [step])])));
        var (code, _, stderr) = await RunToEnd("run", bad, "--data-dir", DataDir);
        Assert.NotEqual(0, code);
        Assert.Contains("items[1].itemId 'a' is a duplicate", stderr);

        var failing = Path.Combine(_dir, "failing.json");
        var ok = new StepSpec("ok", wasm, new WasiStepInput(["echo", "hi"]).ToPayload(), StepLimits.Default);
        File.WriteAllText(failing, RunJson.Serialize(new RunSpec("failing", "e2e", [new("a", "a", [step]), new("b", "b", [step]), new("c", "c", [ok])])));
        var (failedCode, stdout, _) = await RunToEnd("run", failing, "--data-dir", DataDir);
        Assert.Equal(2, failedCode);
        Assert.Contains("run failing completed: 1 succeeded, 2 failed", stdout);
    }

    private string WriteSpec(string runId)
    {
        var wasm = Path.Combine(RepoRoot(), "tests", "fixtures", "wasi", "steps.wasm");
        var items = Enumerable.Range(0, Items).Select(i => new WorkItemSpec($"item{i}", $"item {i}",
            Enumerable.Range(0, StepsPerItem).Select(s => new StepSpec($"append{s}", wasm,
                new WasiStepInput(["append", Path.Combine(OutDir, $"item{i}.txt"), $"item{i} step{s}", "60"], null, [new WasiStepDir(OutDir)]).ToPayload(),
                StepLimits.Default)).ToList())).ToList();
        var path = Path.Combine(_dir, "spec.json");
        File.WriteAllText(path, RunJson.Serialize(new RunSpec(runId, "e2e", items)));
        return path;
    }

    private static string ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        return new StreamReader(stream).ReadToEnd();
    }

    private static async Task<string> ReadIfExited(Process process, Task<string> stderr) =>
        process.HasExited ? $"exit {process.ExitCode}: {await stderr}" : "still running";
}
