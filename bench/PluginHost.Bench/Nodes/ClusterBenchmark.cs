using System.Globalization;
using System.Text;
using PluginHost.Tests.Common;
using PluginHost.Bench.Runs;
using PluginHost.Shared.Runs;

namespace PluginHost.Bench.Nodes;

/// <summary>`cluster`: one run of CPU-bound items on 1, 2 and 3 `pluginhost node` processes over PostgreSQL, with the
/// plain loop of the same step in the bench process as the per-core peer; writes bench/results/cluster.md.</summary>
public static class ClusterBenchmark
{
    private sealed record Measure(int Nodes, double Seconds, double NodeCpuSeconds, double LoopItemsPerSecond, string Spread, string Load);

    /// <summary>Runs the benchmark; options: --items N (250; 300 hits the remoting frame limit, see bench/results/cluster.md), --kib K (hash input, 1024), --runners R per node (2), --nodes 1,2,3, --no-write.</summary>
    public static int Run(string[] args) => RunAsync(args).GetAwaiter().GetResult();

    private static async Task<int> RunAsync(string[] args)
    {
        var items = BenchArgs.Int(args, "--items", 250);
        var kib = BenchArgs.Int(args, "--kib", 1024);
        var runners = BenchArgs.Int(args, "--runners", 2);
        using var steps = BenchSteps.Create(kib);
        var loadBefore = BenchArgs.LoadAverage();
        var server = new PostgresServer();
        await server.StartNewAsync();
        var results = new List<Measure>();
        try
        {
            foreach (var count in NodeCounts(args))
            {
                var m = await MeasureAsync(server, steps, count, runners, items);
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{count} node(s): {items / m.Seconds:0.0} items/s, node CPU {m.NodeCpuSeconds:0.0} s, loop peer {m.LoopItemsPerSecond:0.0} items/s; {m.Spread} (load {m.Load})"));
                results.Add(m);
            }
        }
        finally
        {
            await server.StopAndDeleteAsync();
        }
        var cores = Environment.ProcessorCount;
        var s = new StringBuilder();
        s.AppendLine("# Cluster benchmark (Akka.NET `pluginhost node` processes, CPU-bound step)");
        s.AppendLine();
        s.AppendLine(CultureInfo.InvariantCulture, $"`dotnet run -c Release --project bench/PluginHost.Bench -- cluster --items {items} --kib {kib} --runners {runners}` " +
            $"({DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC); {cores} cores shared by every node, PostgreSQL, the bench and other engineers' builds; " +
            $"load average (1/5/15 min) **{loadBefore}** before, **{BenchArgs.LoadAverage()}** after.");
        s.AppendLine();
        s.AppendLine(CultureInfo.InvariantCulture, $"One run of {items} items submitted over HTTP to the first node; each item is `builtin:node` (outputs the node id) then " +
            $"`hashfile.wasm` over a {kib} KiB file (SHA-256 + FNV-1a 64, CPU-bound). 1, 2 and 3 `pluginhost node` processes, {runners} runners each, " +
            $"seeded by the first, on a fresh schema of one PostgreSQL server (Debian package, initdb --no-sync) per configuration; the run's entity " +
            $"dispatches to the runners of every member. Throughput: items / (RunCompleted - RunAccepted), journal timestamps. Node CPU: user + system " +
            $"time of the node processes from submit to completion (/proc/PID/stat; PostgreSQL's CPU not included). Peer: the same hash step " +
            $"in a plain loop on one thread in the bench process, measured right before each configuration with its nodes idle.");
        s.AppendLine();
        s.AppendLine("| nodes | runners | seconds | items/s | vs 1 node | items/s per core | node CPU s | items per node CPU s | peer loop items/s (1 core) | load (1/5/15) before | items per node |");
        s.AppendLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |");
        foreach (var m in results)
        {
            var rate = items / m.Seconds;
            s.AppendLine(CultureInfo.InvariantCulture,
                $"| {m.Nodes} | {m.Nodes * runners} | {m.Seconds:0.00} | {rate:0.0} | {rate / (items / results[0].Seconds):0.00}x | {rate / Math.Min(cores, m.Nodes * runners):0.0} | " +
                $"{m.NodeCpuSeconds:0.0} | {items / m.NodeCpuSeconds:0.0} | {m.LoopItemsPerSecond:0.0} | {m.Load} | {m.Spread} |");
        }
        s.AppendLine();
        s.AppendLine(CultureInfo.InvariantCulture, $"- items/s per core divides by the cores the runners can use (min({cores} cores, runners)); " +
            $"items per node CPU s is the throughput of one fully used core, to set against the peer loop's items/s on one core.");
        BenchArgs.WriteResult(args, "cluster.md", s.ToString());
        return 0;
    }

    private static int[] NodeCounts(string[] args)
    {
        var i = Array.IndexOf(args, "--nodes");
        return i >= 0 && i + 1 < args.Length ? args[i + 1].Split(',').Select(n => int.Parse(n, CultureInfo.InvariantCulture)).ToArray() : [1, 2, 3];
    }

    private static async Task<Measure> MeasureAsync(PostgresServer server, BenchSteps steps, int count, int runners, int items)
    {
        var store = await server.CreateSchemaAsync();
        await using var cluster = await NodeCluster.StartAsync(store, count, runners);
        var load = BenchArgs.LoadAverage();
        var peer = items * 1000 / await StepLoop.RunAsync(steps.Wasi, steps.Hash, items);
        var runId = $"cluster-{count}";
        var spec = new RunSpec(runId, "bench", Enumerable.Range(0, items).Select(i => new WorkItemSpec($"item-{i:000}", $"item {i}",
            [new StepSpec("whoami", "builtin:node", Payload.Empty, StepLimits.Default, "builtin"), steps.Hash])).ToList());
        var cpu0 = cluster.CpuSeconds();
        using var client = cluster.Client();
        try
        {
            await client.SubmitAsync(spec);
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"submitting {runId} failed: {e.Message}\n{cluster.Outputs()}");
            throw;
        }
        await foreach (var entry in client.FollowAsync(runId))
            if (entry.Event is RunCompleted) break;
        var cpu = cluster.CpuSeconds() - cpu0;
        var events = (await cluster.EventsAsync(runId)).Select(e => e.Event).ToList();
        var done = events.OfType<RunCompleted>().Single();
        if (done.Succeeded != items) throw new InvalidOperationException($"{runId}: {done.Failed} of {items} items failed");
        var seconds = (done.Timestamp - events.OfType<RunAccepted>().Single().Timestamp).TotalSeconds;
        var spread = events.OfType<StepOutput>().Where(o => o.StepIndex == 0).GroupBy(o => o.Data.Text).OrderBy(g => g.Key).Select(g => $"{g.Key}={g.Count()}");
        return new Measure(count, seconds, cpu, peer, string.Join(" ", spread), load);
    }
}
