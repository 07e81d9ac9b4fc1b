using System.Globalization;
using System.Text;
using PluginHost.Actors.Hosting;
using PluginHost.Tests.Common;
using PluginHost.EndToEnd.Tests.Cluster;
using PluginHost.Shared.Runs;

namespace PluginHost.Bench.Nodes;

/// <summary>`failover`: 3 `pluginhost node` processes on PostgreSQL; mid-run, SIGKILL the node running some items (a
/// runner-only node, then the run's host); time until those items run again elsewhere; writes bench/results/failover.md.</summary>
public static class FailoverBenchmark
{
    private sealed record Measure(string Victim, string Load, int DoneAtKill, int Held, double FirstEventS, double RestartMinS, double RestartMaxS,
        double CompletedS, int Duplicates, string Membership);

    /// <summary>Runs the benchmark; options: --items N (300), --runners R per node (2), --logs DIR (keep the node outputs), --no-write.</summary>
    public static int Run(string[] args) => RunAsync(args).GetAwaiter().GetResult();

    private static async Task<int> RunAsync(string[] args)
    {
        var items = BenchArgs.Int(args, "--items", 300);
        var runners = BenchArgs.Int(args, "--runners", 2);
        var loadBefore = BenchArgs.LoadAverage();
        var server = new PostgresServer();
        await server.StartNewAsync();
        var results = new List<Measure>();
        try
        {
            foreach (var killHost in new[] { false, true })
            {
                var m = await MeasureAsync(server, killHost, items, runners, LogsDir(args));
                Console.Error.WriteLine($"{m.Victim}: held {m.Held}, restarted after {m.RestartMinS:0.00}-{m.RestartMaxS:0.00} s; {m.Membership} (load {m.Load})");
                results.Add(m);
            }
        }
        finally
        {
            await server.StopAndDeleteAsync();
        }
        var s = new StringBuilder();
        s.AppendLine("# Failover benchmark (SIGKILL of a `pluginhost node`)");
        s.AppendLine();
        s.AppendLine(CultureInfo.InvariantCulture, $"`dotnet run -c Release --project bench/PluginHost.Bench -- failover --items {items} --runners {runners}` " +
            $"({DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC); {Environment.ProcessorCount} cores shared by the nodes, PostgreSQL and other engineers' builds; " +
            $"load average (1/5/15 min) **{loadBefore}** before, **{BenchArgs.LoadAverage()}** after.");
        s.AppendLine();
        s.AppendLine(CultureInfo.InvariantCulture, $"3 `pluginhost node` processes ({runners} runners each) on a fresh PostgreSQL schema per scenario; one run of {items} items, " +
            $"each `builtin:node-sleep 150` (outputs the node id, then waits 150 ms). After a fifth of the items completed (followed live over the first node's `/runs/ID/events`), the victim is SIGKILLed; the items it held " +
            $"are those whose step output names it and that had no ItemCompleted at the kill (the final journal cut at the kill by event timestamps; every process shares this machine's clock). Times are from the kill to journal event timestamps " +
            $"(StepStarted of a held item on a survivor); membership is what a survivor's `/nodes` showed, polled every 100 ms. " +
            $"Peer: the same scenario measured for the two victims in the same run.");
        s.AppendLine();
        s.AppendLine("| victim | load (1/5/15) before | items done at kill | held by victim | first event after kill (any node) s | held items ran again after s (first-last) | run completed after kill s | items completed twice | victim's state in a survivor's `/nodes` after the kill ('gone': removed) |");
        s.AppendLine("| --- | --- | ---: | ---: | ---: | --- | ---: | ---: | --- |");
        foreach (var m in results)
            s.AppendLine(CultureInfo.InvariantCulture,
                $"| {m.Victim} | {m.Load} | {m.DoneAtKill} | {m.Held} | {m.FirstEventS:0.00} | **{m.RestartMinS:0.00}-{m.RestartMaxS:0.00}** | {m.CompletedS:0.0} | {m.Duplicates} | {m.Membership} |");
        s.AppendLine();
        s.AppendLine("Settings used (`src/Actors/Hosting/ClusterTuning.cs`, applied by `pluginhost node`):");
        s.AppendLine();
        s.AppendLine("```hocon");
        s.AppendLine(ClusterTuning.Hocon.Trim());
        s.AppendLine("```");
        BenchArgs.WriteResult(args, "failover.md", s.ToString());
        return 0;
    }

    private static string? LogsDir(string[] args) => Array.IndexOf(args, "--logs") is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;

    private static async Task<Measure> MeasureAsync(PostgresServer server, bool killHost, int items, int runners, string? logs)
    {
        var store = await server.CreateSchemaAsync();
        await using var cluster = await NodeCluster.StartAsync(store, 3, runners);
        var load = BenchArgs.LoadAverage();
        var runId = killHost ? "failover-host" : "failover-runner";
        var spec = new RunSpec(runId, "bench", Enumerable.Range(0, items).Select(i => new WorkItemSpec($"item-{i:000}", $"item {i}",
            [new StepSpec("work", "builtin:node-sleep", Payload.OfText("150"), StepLimits.Default, "builtin")])).ToList());
        using var client = cluster.Client();
        await client.SubmitAsync(spec);
        using var follow = new CancellationTokenSource();
        var threshold = items / 5;
        var reached = CountCompletionsAsync(client, runId, threshold, follow.Token);
        var accepted = $"Run {runId} (bench) accepted";
        NodeProcess? host = null;
        await cluster.WaitUntilAsync(() => Task.FromResult((host = cluster.Nodes.FirstOrDefault(n => n.Output.Contains(accepted, StringComparison.Ordinal))) is not null), "the run's host to log its acceptance");
        await reached.WaitAsync(TimeSpan.FromMinutes(2));
        var victim = killHost ? host! : cluster.Nodes.First(n => n != host);
        var survivor = cluster.Nodes.First(n => n != victim);
        using var watch = new CancellationTokenSource();
        victim.Kill();
        var killedAt = DateTimeOffset.UtcNow;
        await follow.CancelAsync();
        var membership = WatchMembershipAsync(survivor, victim.Seed, killedAt, watch.Token);
        await cluster.WaitUntilAsync(async () => (await cluster.EventsAsync(runId)).Any(e => e.Event is RunCompleted), "the run to complete", TimeSpan.FromMinutes(3));
        await watch.CancelAsync();
        var seen = await membership;
        // Cut the final journal at the kill by event timestamps (all processes share this machine's clock).
        var events = (await cluster.EventsAsync(runId)).Select(e => e.Event).ToList();
        var before = events.Where(e => e.Timestamp <= killedAt).ToList();
        var after = events.Where(e => e.Timestamp > killedAt).ToList();
        var doneAtKill = before.OfType<ItemCompleted>().Select(c => c.ItemId).ToHashSet();
        var held = before.OfType<StepOutput>().Where(o => o.Data.Text == victim.NodeId && !doneAtKill.Contains(o.ItemId)).Select(o => o.ItemId).ToHashSet();
        var restarts = after.OfType<StepStarted>().Where(s => held.Contains(s.ItemId)).GroupBy(s => s.ItemId)
            .Select(g => (g.Min(s => s.Timestamp) - killedAt).TotalSeconds).Order().ToList();
        Console.Error.WriteLine($"killed {victim.NodeId} (run's host {host!.NodeId}); before the kill, steps ran on: " +
            string.Join(" ", before.OfType<StepOutput>().GroupBy(o => o.Data.Text).OrderBy(g => g.Key).Select(g => $"{g.Key}={g.Count()}")));
        if (logs is not null)
        {
            Directory.CreateDirectory(logs);
            await File.WriteAllTextAsync(Path.Combine(logs, $"{runId}.log"), $"killed {victim.NodeId} at {killedAt:HH:mm:ss.fff} UTC\n{cluster.Outputs()}");
        }
        var duplicates = events.OfType<ItemCompleted>().GroupBy(c => c.ItemId).Count(g => g.Count() > 1);
        var completed = events.OfType<RunCompleted>().Single();
        if (completed.Succeeded != items) throw new InvalidOperationException($"{runId}: {completed.Failed} of {items} items failed");
        return new Measure(killHost ? $"run's host ({victim.NodeId})" : $"runner-only node ({victim.NodeId})", load, doneAtKill.Count, held.Count,
            after.Count == 0 ? double.NaN : (after.Min(e => e.Timestamp) - killedAt).TotalSeconds, restarts.FirstOrDefault(double.NaN), restarts.LastOrDefault(double.NaN),
            (completed.Timestamp - killedAt).TotalSeconds, duplicates, seen);
    }

    /// <summary>Follows the run's events over HTTP; completes once <paramref name="threshold"/> items have completed.</summary>
    private static async Task CountCompletionsAsync(PluginHost.Nodes.Client.PluginHostClient client, string runId, int threshold, CancellationToken stop)
    {
        var done = 0;
        try
        {
            await foreach (var entry in client.FollowAsync(runId, cancellationToken: stop))
                if (entry.Event is ItemCompleted && ++done >= threshold) return;
        }
        catch (Exception e) when (e is OperationCanceledException or HttpRequestException or IOException) { }
        throw new InvalidOperationException($"the event stream of {runId} ended after {done} completions");
    }

    /// <summary>Polls the survivor's /nodes (the victim found by its address); returns when the victim's state changed (e.g. "unreachable 2.1 s, gone 6.3 s").</summary>
    private static async Task<string> WatchMembershipAsync(NodeProcess survivor, string victimAddress, DateTimeOffset killedAt, CancellationToken stop)
    {
        using var client = new PluginHost.Nodes.Client.PluginHostClient(survivor.Url);
        var changes = new List<string>();
        var last = "up";
        while (!stop.IsCancellationRequested)
        {
            try
            {
                var members = await client.ListNodesAsync(stop);
                var state = members.FirstOrDefault(m => m.Address == victimAddress)?.State ?? "gone";
                if (state != last)
                {
                    changes.Add(string.Create(CultureInfo.InvariantCulture, $"{state} {(DateTimeOffset.UtcNow - killedAt).TotalSeconds:0.0} s"));
                    last = state;
                }
                await Task.Delay(100, stop);
            }
            catch (OperationCanceledException) { break; }
            catch (HttpRequestException) { await Task.Delay(100, CancellationToken.None); }
        }
        return changes.Count == 0 ? "still up" : string.Join(", ", changes);
    }
}
