using static PluginHost.Tests.Common.TestRepo;
using System.Diagnostics;
using System.Text.Json;
using PluginHost.Plugins.Icp;
using PluginHost.Shared.Runs;

namespace PluginHost.EndToEnd.Tests.Sync;

/// <summary>`pluginhost sync --dry-run` of 40 canisters whose plugin makes canister calls (host and a named canister):
/// all in parallel, then a run killed with SIGKILL mid-run and resumed with `pluginhost resume`, where no call the
/// journal holds as done is sent again.</summary>
public sealed class SyncCrashResumeTests : IDisposable
{
    private const int Canisters = 40;
    private const int CallsPerCanister = 6;
    private const int Runners = 4;
    private readonly string _dir = Directory.CreateTempSubdirectory("icp-sync-crash-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Name(int i) => $"c{i:00}";
    private static string Id(int i) => $"canister-{i:00}-cai";
    private const string LedgerId = "ryjl3-tyaaa-aaaaa-aaaba-cai";

    [Fact]
    public async Task Forty_canisters_sync_in_parallel()
    {
        var project = WriteProject(pauseMs: 20);
        var data = Path.Combine(_dir, "data-parallel");
        var callsLog = Path.Combine(_dir, "calls-parallel.jsonl");
        var (code, stdout, stderr) = await RunToEnd([.. SyncArgs(project, data, callsLog)]);
        Assert.True(code == 0, $"exit {code}\n{stdout}\n{stderr}");
        Assert.Contains($"synced {Canisters} canister(s)", stdout);
        Assert.Contains("[c07] call 4: stored canister-07-cai", stdout.Split('\n').Select(l => l.TrimEnd()));

        // Every call sent exactly once.
        var sent = ReadCallsLog(callsLog);
        Assert.Equal(Canisters * CallsPerCanister, sent.Count);
        Assert.Equal(sent.Count, sent.Distinct().Count());

        await using var journal = await AkkaJournal.OpenInDirectoryAsync(data);
        var run = Assert.Single(await journal.ListRunsAsync());
        var events = (await journal.ReadAsync(run.RunId)).Select(e => e.Event).ToList();
        Assert.Equal((Canisters, 0), (((RunCompleted)events[^1]).Succeeded, ((RunCompleted)events[^1]).Failed));
        Assert.Equal(Canisters * CallsPerCanister, events.OfType<StepOutput>().Count(o => o.Stream == JournaledCall.Stream));

        // Spread over the runners: steps overlapped, never more than the runners at once.
        var overlap = MaxOverlap(events);
        Assert.InRange(overlap, 2, Runners);
    }

    [Fact]
    public async Task A_killed_sync_resumes_without_resending_calls_journaled_as_done()
    {
        var project = WriteProject(pauseMs: 60);
        var data = Path.Combine(_dir, "data-crash");
        var callsLog = Path.Combine(_dir, "calls-crash.jsonl");

        // 1. Start the sync and SIGKILL it once calls are flowing and some canister is mid-step.
        var first = Start([.. SyncArgs(project, data, callsLog)]);
        var firstOut = first.StandardOutput.ReadToEndAsync();
        var firstErr = first.StandardError.ReadToEndAsync();
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (first.HasExited) Assert.Fail($"the sync ended before the kill: {await firstOut}\n{await firstErr}");
            Assert.True(clock.Elapsed < TimeSpan.FromMinutes(2), "the sync did not get going");
            var sent = File.Exists(callsLog) ? ReadCallsLog(callsLog) : [];
            var perCanister = sent.GroupBy(c => c.Arg.Split('#')[0]).Select(g => g.Count()).ToList();
            if (sent.Count >= 60 && perCanister.Any(n => n is >= 2 and < CallsPerCanister)) break;
            await Task.Delay(20);
        }
        first.Kill();   // SIGKILL
        await first.WaitForExitAsync();
        var sentBeforeKill = ReadCallsLog(callsLog);

        // 2. What the journal holds as done.
        string runId;
        List<JournaledDone> doneBeforeKill;
        await using (var journal = await AkkaJournal.OpenInDirectoryAsync(data))
        {
            var run = Assert.Single(await journal.ListUnfinishedRunsAsync());
            runId = run.RunId;
            var events = (await journal.ReadAsync(runId)).Select(e => e.Event).ToList();
            Assert.DoesNotContain(events, e => e is RunCompleted);
            doneBeforeKill = Done(events);
            var completedItems = events.OfType<ItemCompleted>().Select(c => c.ItemId).ToHashSet();
            Assert.True(completedItems.Count < Canisters, "the kill came after every canister had synced");
            // Some canister had calls journaled as done but its step had not completed: the case a resume must not resend.
            Assert.Contains(doneBeforeKill, d => !completedItems.Contains(d.Item));
        }
        // Every call journaled as done was sent (the gateway's log is written before the journal).
        foreach (var d in doneBeforeKill) Assert.Contains(sentBeforeKill, s => s.Matches(d.Call));

        // 3. Resume.
        var (code, stdout, stderr) = await RunToEnd("resume", "--data-dir", data, "--runners", Runners.ToString());
        Assert.True(code == 0, $"resume exited {code}\n{stdout}\n{stderr}");
        Assert.Contains($"resuming run {runId}", stdout);

        // 4. No call journaled as done before the kill was sent again.
        var sentAfterKill = ReadCallsLog(callsLog).Skip(sentBeforeKill.Count).ToList();
        foreach (var d in doneBeforeKill)
            Assert.False(sentAfterKill.Any(s => s.Matches(d.Call)), $"{d.Item} call {d.Call} was journaled as done but sent again after the resume");

        // 5. Final state: every canister synced once; each of its calls journaled as done exactly once; every call
        //    was sent, and sent twice only if it was not journaled as done before the kill.
        await using (var journal = await AkkaJournal.OpenInDirectoryAsync(data))
        {
            var events = (await journal.ReadAsync(runId)).Select(e => e.Event).ToList();
            var completed = Assert.IsType<RunCompleted>(events[^1]);
            Assert.Equal((Canisters, 0), (completed.Succeeded, completed.Failed));
            var items = events.OfType<ItemCompleted>().ToList();
            Assert.Equal(Canisters, items.Count);
            Assert.Equal(Canisters, items.Select(i => i.ItemId).Distinct().Count());
            Assert.All(items, i => Assert.Equal(ItemOutcome.Succeeded, i.Outcome));
            var done = Done(events);
            for (var i = 0; i < Canisters; i++)
            {
                var mine = done.Where(d => d.Item == Name(i)).ToList();
                Assert.Equal(Enumerable.Range(0, CallsPerCanister), mine.Select(d => d.Call.Index).Order());
            }
            // The resumed attempts said how many calls they took from the journal.
            var replayed = events.OfType<StepOutput>().Where(o => o.Stream == "log" && o.Data.Text!.Contains("answered from the journal")).ToList();
            Assert.NotEmpty(replayed);
        }
        var allSent = ReadCallsLog(callsLog);
        var doneKeys = doneBeforeKill.Select(d => d.Call).ToList();
        for (var i = 0; i < Canisters; i++)
            for (var k = 0; k < CallsPerCanister; k++)
            {
                var arg = $"{Id(i)}#{k}";
                var times = allSent.Count(s => s.Arg == arg);
                var wasDone = doneKeys.Any(c => c.ArgSha256 == Sha(arg));
                Assert.True(wasDone ? times == 1 : times is 1 or 2, $"call {arg} was sent {times} times (journaled as done before the kill: {wasDone})");
            }
    }

    private string WriteProject(int pauseMs)
    {
        var project = Path.Combine(_dir, $"project-{pauseMs}");
        Directory.CreateDirectory(Path.Combine(project, "plugins"));
        File.Copy(Fixture("icp", "c", "plugin-0.2.0.wasm"), Path.Combine(project, "plugins", "sync.wasm"));
        var yaml = new System.Text.StringBuilder("canisters:\n  - name: ledger\n");
        var replies = new List<object> { new { canister = LedgerId, method = "balance", reply = "1000 ICP" } };
        for (var i = 0; i < Canisters; i++)
        {
            yaml.Append($"""
                  - name: {Name(i)}
                    sync:
                      steps:
                        - type: plugin
                          path: plugins/sync.wasm
                          fields: {"{"} mode: calls, calls: "{CallsPerCanister}", pause: "{pauseMs}" {"}"}
                          canisters: [ledger]

                """);
            replies.Add(new { canister = Id(i), method = "store", reply = $"stored {Id(i)}" });
        }
        yaml.Append($"environments:\n  - name: local\n    canisters:\n      ledger: {LedgerId}\n");
        for (var i = 0; i < Canisters; i++) yaml.Append($"      {Name(i)}: {Id(i)}\n");
        File.WriteAllText(Path.Combine(project, "icp.yaml"), yaml.ToString());
        File.WriteAllText(Path.Combine(project, "replies.json"), JsonSerializer.Serialize(replies));
        return project;
    }

    private static IEnumerable<string> SyncArgs(string project, string data, string callsLog)
    {
        yield return "sync";
        for (var i = 0; i < Canisters; i++) yield return Name(i);
        foreach (var a in new[] { "--project", project, "--environment", "local", "--dry-run", "--calls-log", callsLog,
                     "--data-dir", data, "--runners", Runners.ToString() })
            yield return a;
    }

    private sealed record SentCall(string Canister, string Method, string Arg, bool Query)
    {
        public bool Matches(JournaledCall c) => c.CanisterId == Canister && c.Method == Method && c.IsQuery == Query && c.ArgSha256 == Sha(Arg);
    }

    private sealed record JournaledDone(string Item, JournaledCall Call);

    private static List<SentCall> ReadCallsLog(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var lines = new StreamReader(stream).ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return lines.Where(l => l.EndsWith('}')).Select(l =>
        {
            using var doc = JsonDocument.Parse(l);
            var r = doc.RootElement;
            return new SentCall(r.GetProperty("canister").GetString()!, r.GetProperty("method").GetString()!,
                System.Text.Encoding.UTF8.GetString(Convert.FromHexString(r.GetProperty("arg").GetString()!)), r.GetProperty("query").GetBoolean());
        }).ToList();
    }

    private static List<JournaledDone> Done(IEnumerable<RunEvent> events) => events.OfType<StepOutput>()
        .Where(o => o.Stream == JournaledCall.Stream)
        .Select(o => new JournaledDone(o.ItemId, JournaledCall.Parse(o.Data.Text!))).ToList();

    private static string Sha(string text) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)));

    // Most steps executing at once: a step executes from its first canister call to its completion (StepStarted is
    // journaled when the step is queued for a runner, so it does not show execution).
    private static int MaxOverlap(IEnumerable<RunEvent> events)
    {
        var points = new List<(DateTimeOffset At, int Delta)>();
        var seen = new HashSet<string>();
        foreach (var e in events)
        {
            if (e is StepOutput o && o.Stream == JournaledCall.Stream && seen.Add(o.ItemId)) points.Add((o.Timestamp, +1));
            if (e is StepCompleted c) points.Add((c.Timestamp, -1));
        }
        int current = 0, max = 0;
        foreach (var p in points.OrderBy(p => p.At).ThenBy(p => p.Delta))
            max = Math.Max(max, current += p.Delta);
        return max;
    }
}
