using static PluginHost.Tests.Common.TestRepo;
using System.Diagnostics;
using System.Text;
using PluginHost.Actors.Runners;
using PluginHost.Shared.Runs;

namespace PluginHost.EndToEnd.Tests;

/// <summary>`pluginhost run` sent SIGTERM mid-run: it lets the running steps finish, starts nothing new, exits by
/// itself with a resume hint; `pluginhost resume RUN` then finishes the run without re-running a completed step.</summary>
public sealed class RunDrainTests : IDisposable
{
    private const string RunId = "drain-run";
    private const int Items = 6;
    private const int StepsPerItem = 2;
    private const int StepMs = 2000;
    private const int DrainSeconds = 20;
    private readonly string _dir = Directory.CreateTempSubdirectory("run-drain-tests-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string DataDir => Path.Combine(_dir, "data");
    private string OutDir => Path.Combine(_dir, "out");

    [Fact]
    public async Task SigtermLetsRunningStepsFinishStartsNothingNewAndTheRunResumes()
    {
        Directory.CreateDirectory(OutDir);
        var specPath = WriteSpec();

        using var first = Start("run", specPath, "--data-dir", DataDir, "--runners", "2", "--drain-seconds", DrainSeconds.ToString());
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        first.OutputDataReceived += (_, e) => { lock (stdout) stdout.AppendLine(e.Data); };
        first.ErrorDataReceived += (_, e) => { lock (stderr) stderr.AppendLine(e.Data); };
        first.BeginOutputReadLine();
        first.BeginErrorReadLine();

        // 1. Wait until a step has completed and two steps are running with time left (each step spins 2 s), so no
        //    step starts between the snapshot and the signal; then SIGTERM.
        var startedBeforeSignal = await WaitForTwoRunningStepsAsync(first, () => Text(stdout) + Text(stderr));
        Assert.True(startedBeforeSignal.Count < Items * StepsPerItem, "every step had started before the signal");
        var signalled = Stopwatch.StartNew();
        SendSigterm(first.Id);

        // 2. It exits by itself within the drain bound, saying it was interrupted and how to resume.
        using (var limit = new CancellationTokenSource(TimeSpan.FromSeconds(DrainSeconds + 30)))
            await first.WaitForExitAsync(limit.Token);
        Assert.True(signalled.Elapsed < TimeSpan.FromSeconds(DrainSeconds + 30));
        var err = Text(stderr);
        Assert.True(first.ExitCode == 143, $"exit {first.ExitCode}\n{Text(stdout)}\n{err}");
        Assert.Contains("SIGTERM received", err);
        Assert.Contains($"run {RunId} was interrupted by SIGTERM", err);
        Assert.Contains($"pluginhost resume {RunId} --data-dir {Path.GetFullPath(DataDir)}", err);
        Assert.Contains($"run {RunId} interrupted", Text(stdout));

        // 3. The journal: exactly the steps started before the signal ran, and each of them finished (StepCompleted).
        HashSet<(string Item, int Step)> completedBeforeResume;
        await using (var journal = await AkkaJournal.OpenInDirectoryAsync(DataDir))
        {
            var events = (await journal.ReadAsync(RunId)).Select(e => e.Event).ToList();
            Assert.DoesNotContain(events, e => e is RunCompleted or StepFailed);
            var started = events.OfType<StepStarted>().Select(s => (s.ItemId, s.StepIndex)).ToHashSet();
            Assert.Equal(startedBeforeSignal.Order(), started.Order());
            completedBeforeResume = events.OfType<StepCompleted>().Select(c => (c.ItemId, c.StepIndex)).ToHashSet();
            Assert.Equal(started.Order(), completedBeforeResume.Order());
            Assert.False(Assert.Single(await journal.ListUnfinishedRunsAsync()).Completed);
        }

        // 4. Resume finishes the run; no completed step runs again.
        var (code, resumeOut, resumeErr) = await RunToEnd("resume", RunId, "--data-dir", DataDir, "--runners", "2");
        Assert.True(code == 0, $"resume exited {code}\n{resumeOut}\n{resumeErr}");
        Assert.Contains($"resuming run {RunId}", resumeOut);
        await using (var journal = await AkkaJournal.OpenInDirectoryAsync(DataDir))
        {
            var events = (await journal.ReadAsync(RunId)).Select(e => e.Event).ToList();
            var done = Assert.IsType<RunCompleted>(events[^1]);
            Assert.Equal((Items, 0), (done.Succeeded, done.Failed));
            Assert.All(events.OfType<StepCompleted>().GroupBy(c => (c.ItemId, c.StepIndex)), g => Assert.Single(g));
            Assert.Equal(Items * StepsPerItem, events.OfType<StepCompleted>().Count());
            foreach (var (item, step) in completedBeforeResume)
                Assert.Single(events.OfType<StepStarted>(), s => s.ItemId == item && s.StepIndex == step);
        }
        for (var i = 0; i < Items; i++)
        {
            var lines = File.ReadAllLines(Path.Combine(OutDir, $"item{i}.txt"));
            for (var s = 0; s < StepsPerItem; s++) Assert.Single(lines, l => l == $"item{i} step{s}");
        }
    }

    [Fact]
    public async Task CtrlCPastTheDrainTimeoutCancelsRunningStepsWhichRunAgainOnResume()
    {
        Directory.CreateDirectory(OutDir);
        // Two items of one 60 s step: both run at once and cannot finish within a 1 s drain.
        var specPath = WriteSpec(items: 2, steps: 1, stepMs: 60_000);
        using var first = Start("run", specPath, "--data-dir", DataDir, "--runners", "2", "--drain-seconds", "1");
        var stderr = first.StandardError.ReadToEndAsync();
        var stdout = first.StandardOutput.ReadToEndAsync();
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(120);
        while (!File.Exists(AkkaJournal.FileIn(DataDir)))
        {
            Assert.True(DateTimeOffset.UtcNow < deadline && !first.HasExited, "no journal");
            await Task.Delay(50);
        }
        await using (var journal = await AkkaJournal.OpenInDirectoryAsync(DataDir))
            while ((await journal.ReadAsync(RunId)).Count(e => e.Event is StepStarted) < 2)
            {
                Assert.True(DateTimeOffset.UtcNow < deadline && !first.HasExited, "the two steps never started");
                await Task.Delay(50);
            }

        var signalled = Stopwatch.StartNew();
        SendSignal(first.Id, "-INT");
        using (var limit = new CancellationTokenSource(TimeSpan.FromSeconds(40)))
            await first.WaitForExitAsync(limit.Token);
        Assert.True(signalled.Elapsed < TimeSpan.FromSeconds(40), "the drain timeout did not cancel the running steps");
        var err = await stderr;
        Assert.True(first.ExitCode == 130, $"exit {first.ExitCode}\n{await stdout}\n{err}");
        Assert.Contains("SIGINT received", err);
        Assert.Contains($"pluginhost resume {RunId}", err);

        // The cancelled steps are journaled as started only, and run again (attempt 2) on resume.
        await using (var journal = await AkkaJournal.OpenInDirectoryAsync(DataDir))
        {
            var events = (await journal.ReadAsync(RunId)).Select(e => e.Event).ToList();
            Assert.Equal(2, events.OfType<StepStarted>().Count());
            Assert.DoesNotContain(events, e => e is StepCompleted or StepFailed or ItemCompleted or RunCompleted);
            Assert.False(Assert.Single(await journal.ListUnfinishedRunsAsync()).Completed);
        }
        // Resume would run both again as attempt 2 (the coordinator tests run such a resume to the end).
        await using (var journal = await AkkaJournal.OpenInDirectoryAsync(DataDir))
        {
            var state = await journal.StateAsync(RunId);
            Assert.All(state.Items, i => Assert.Equal(2, i.NextAttempt));
        }
    }

    // Polls the journal until one step has completed and two are running, both with at least 600 ms of their 2 s
    // left and the later one started 200 ms ago or more; returns the steps started so far.
    private async Task<HashSet<(string Item, int Step)>> WaitForTwoRunningStepsAsync(Process process, Func<string> output)
    {
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(120);
        while (!File.Exists(AkkaJournal.FileIn(DataDir)))
        {
            Assert.False(process.HasExited, $"pluginhost exited early:\n{output()}");
            Assert.True(DateTimeOffset.UtcNow < deadline, $"no journal after 120 s:\n{output()}");
            await Task.Delay(50);
        }
        await using var journal = await AkkaJournal.OpenInDirectoryAsync(DataDir);
        while (true)
        {
            Assert.False(process.HasExited, $"pluginhost exited early:\n{output()}");
            Assert.True(DateTimeOffset.UtcNow < deadline, $"the run never had two steps running:\n{output()}");
            var events = (await journal.ReadAsync(RunId)).Select(e => e.Event).ToList();
            var completed = events.OfType<StepCompleted>().Select(c => (c.ItemId, c.StepIndex)).ToHashSet();
            var running = events.OfType<StepStarted>().Where(s => !completed.Contains((s.ItemId, s.StepIndex))).ToList();
            var now = DateTimeOffset.UtcNow;
            if (completed.Count > 0 && running.Count == 2
                && now - running.Max(s => s.Timestamp) >= TimeSpan.FromMilliseconds(200)
                && now - running.Min(s => s.Timestamp) <= TimeSpan.FromMilliseconds(StepMs - 600))
                return events.OfType<StepStarted>().Select(s => (s.ItemId, s.StepIndex)).ToHashSet();
            await Task.Delay(40);
        }
    }

    private static void SendSigterm(int pid) => SendSignal(pid, "-TERM");

    private static string Text(StringBuilder builder)
    {
        lock (builder) return builder.ToString();
    }

    private string WriteSpec(int items = Items, int steps = StepsPerItem, int stepMs = StepMs)
    {
        var wasm = Path.Combine(RepoRoot(), "tests", "fixtures", "wasi", "steps.wasm");
        var specItems = Enumerable.Range(0, items).Select(i => new WorkItemSpec($"item{i}", $"item {i}",
            Enumerable.Range(0, steps).Select(s => new StepSpec($"append{s}", wasm,
                new WasiStepInput(["append", Path.Combine(OutDir, $"item{i}.txt"), $"item{i} step{s}", stepMs.ToString()], null, [new WasiStepDir(OutDir)]).ToPayload(),
                StepLimits.Default)).ToList())).ToList();
        var path = Path.Combine(_dir, "spec.json");
        File.WriteAllText(path, RunJson.Serialize(new RunSpec(RunId, "e2e", specItems)));
        return path;
    }
}
