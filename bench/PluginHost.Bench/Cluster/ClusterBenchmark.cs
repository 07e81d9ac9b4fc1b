using System.Globalization;
using System.Text;
using PluginHost.Actors.Journal;
using PluginHost.Actors.Runners;
using PluginHost.Actors.Tests.Journal;
using PluginHost.EndToEnd.Tests.Cluster;
using PluginHost.Nodes.Client;
using PluginHost.Shared.Runs;

namespace PluginHost.Bench.Cluster;

/// <summary>`cluster`: the same run (N items of one small wasm step) on 1, 2 and 3 `pluginhost node` processes over one
/// PostgreSQL server from the distribution's package; reports throughput and claim latency from the journal and writes
/// bench/results/cluster.md.</summary>
public static class ClusterBenchmark
{
    /// <summary>Runs the benchmark; options: --items N (300), --capacity C per node (2), --repeat R (2), --no-write.</summary>
    public static int Run(string[] args)
    {
        var items = IntOption(args, "--items", 300);
        var capacity = IntOption(args, "--capacity", 2);
        var repeat = IntOption(args, "--repeat", 2);
        return RunAsync(items, capacity, repeat, !args.Contains("--no-write")).GetAwaiter().GetResult();
    }

    private sealed record Measure(string Workload, int Nodes, double Seconds, double ItemsPerSecond, double ClaimP50Ms, double ClaimP95Ms, double StartToEndP50Ms, string Spread);

    // The two workloads: a CPU-bound wasm step, and a step that waits (like a download) without using the CPU.
    private static readonly string[] Workloads = ["wasm", "sleep"];

    private static async Task<int> RunAsync(int items, int capacity, int repeat, bool write)
    {
        var loadBefore = await File.ReadAllTextAsync("/proc/loadavg");
        var server = new PostgresServer();
        await server.StartNewAsync();
        var results = new List<Measure>();
        try
        {
            for (var r = 0; r < repeat; r++)
            {
                foreach (var workload in Workloads)
                {
                    foreach (var nodes in new[] { 1, 2, 3 })
                    {
                        var m = await MeasureAsync(server, workload, nodes, items, capacity, $"r{r}-{workload}-n{nodes}");
                        Console.WriteLine(Describe(m));
                        results.Add(m);
                    }
                }
            }
        }
        finally
        {
            await server.StopAndDeleteAsync();
        }
        var loadAfter = await File.ReadAllTextAsync("/proc/loadavg");

        var report = new StringBuilder();
        report.AppendLine("# Cluster benchmark");
        report.AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture, $"`dotnet run -c Release --project bench/PluginHost.Bench -- cluster --items {items} --capacity {capacity} --repeat {repeat}`");
        report.AppendLine();
        report.Append(CultureInfo.InvariantCulture, $"One run of {items} items, each a builtin step (outputs the node id) and one work step, submitted to ")
            .Append(CultureInfo.InvariantCulture, $"1, 2 and 3 `pluginhost node` processes (capacity {capacity} each, one runner per unit of capacity) sharing one PostgreSQL server ")
            .Append(CultureInfo.InvariantCulture, $"(Debian package, fsync off) on this machine: {Environment.ProcessorCount} processor(s), shared with the other helpers' builds and tests. ")
            .AppendLine("Each configuration ran on a fresh schema with freshly started nodes (module compile included in the first items).");
        report.AppendLine();
        report.AppendLine("- workload **wasm**: the work step is a wasi step, `tests/fixtures/wasi/steps.wasm echo ITEM` (a fresh store per step; CPU-bound).");
        report.AppendLine("- workload **sleep**: the work step is `builtin:sleep 100` (waits 100 ms without using the CPU, like a download): shows what claiming and journaling cost when the CPU is not the limit.");
        report.AppendLine("- **throughput**: items / (RunCompleted - RunAccepted), both recorded in the journal.");
        report.AppendLine("- **claim latency**: per item, the first StepStarted minus ItemScheduled (the claim itself is not journaled; " +
                          "StepStarted is the node's first write after claiming). All items are scheduled at once, so this is mostly queueing behind the cluster's capacity.");
        report.AppendLine("- **step start to item end**: per item, ItemCompleted minus the first StepStarted (the builtin step and the work step with their journal writes).");
        report.AppendLine();
        report.AppendLine("| round | workload | nodes | seconds | items/s | vs 1 node | claim p50 ms | claim p95 ms | start to end p50 ms | items per node |");
        report.AppendLine("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
        for (var i = 0; i < results.Count; i++)
        {
            var m = results[i];
            var one = results[i - (m.Nodes - 1)];
            report.AppendLine(CultureInfo.InvariantCulture,
                $"| {i / (3 * Workloads.Length) + 1} | {m.Workload} | {m.Nodes} | {m.Seconds:0.00} | {m.ItemsPerSecond:0.0} | {m.ItemsPerSecond / one.ItemsPerSecond:0.00}x | {m.ClaimP50Ms:0} | {m.ClaimP95Ms:0} | {m.StartToEndP50Ms:0.0} | {m.Spread} |");
        }
        report.AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture, $"Load average (1/5/15 min) before: {string.Join(' ', loadBefore.Split(' ').Take(3))}; after: {string.Join(' ', loadAfter.Split(' ').Take(3))}.");
        Console.Write(report);
        if (write)
        {
            var path = Path.Combine(RepoRoot.Find(), "bench", "results", "cluster.md");
            await File.WriteAllTextAsync(path, report.ToString());
            Console.WriteLine($"written {path}");
        }
        return 0;
    }

    private static async Task<Measure> MeasureAsync(PostgresServer server, string workload, int nodeCount, int items, int capacity, string runId)
    {
        var store = await server.CreateSchemaAsync();
        var nodes = new List<NodeProcess>();
        try
        {
            for (var i = 0; i < nodeCount; i++)
                nodes.Add(await NodeProcess.StartAsync(store, $"b{i + 1}", "--capacity", capacity.ToString(CultureInfo.InvariantCulture)));
            var wasm = Path.Combine(RepoRoot.Find(), "tests", "fixtures", "wasi", "steps.wasm");
            var spec = new RunSpec(runId, "bench", Enumerable.Range(0, items).Select(i => new WorkItemSpec($"item-{i:0000}", $"item {i}",
                [
                    new StepSpec("whoami", "builtin:node", Payload.Empty, StepLimits.Default, "builtin"),
                    workload == "wasm"
                        ? new StepSpec("echo", wasm, new WasiStepInput(["echo", $"item-{i:0000}"]).ToPayload(), StepLimits.Default)
                        : new StepSpec("wait", "builtin:sleep", Payload.OfText("100"), StepLimits.Default, "builtin"),
                ])).ToList());
            using var client = new PluginHostClient(nodes[0].Url);
            await client.SubmitAsync(spec);
            await foreach (var _ in client.FollowAsync(runId)) { }
            await using var journal = await PostgresJournal.OpenAsync(store);
            var entries = await journal.ReadAsync(runId);
            var accepted = entries.First(e => e.Event is RunAccepted).RecordedAt;
            var completed = entries.First(e => e.Event is RunCompleted).RecordedAt;
            var scheduled = entries.Where(e => e.Event is ItemScheduled).ToDictionary(e => ((ItemEvent)e.Event).ItemId, e => e.RecordedAt);
            var started = entries.Where(e => e.Event is StepStarted).GroupBy(e => ((ItemEvent)e.Event).ItemId).ToDictionary(g => g.Key, g => g.Min(e => e.RecordedAt));
            var ended = entries.Where(e => e.Event is ItemCompleted).ToDictionary(e => ((ItemEvent)e.Event).ItemId, e => e.RecordedAt);
            var claims = started.Select(s => (s.Value - scheduled[s.Key]).TotalMilliseconds).Order().ToArray();
            var runs = started.Select(s => (ended[s.Key] - s.Value).TotalMilliseconds).Order().ToArray();
            var spread = entries.Select(e => e.Event).OfType<StepOutput>().Where(o => o.StepIndex == 0)
                .GroupBy(o => o.Data.Text).OrderBy(g => g.Key).Select(g => $"{g.Key}={g.Count()}");
            var seconds = (completed - accepted).TotalSeconds;
            if (ended.Count != items) throw new InvalidOperationException($"run {runId}: {ended.Count} of {items} items completed");
            return new Measure(workload, nodeCount, seconds, items / seconds, Percentile(claims, 0.5), Percentile(claims, 0.95), Percentile(runs, 0.5), string.Join(" ", spread));
        }
        finally
        {
            foreach (var node in nodes) await node.DisposeAsync();
        }
    }

    private static string Describe(Measure m) => string.Create(CultureInfo.InvariantCulture,
        $"{m.Workload}, {m.Nodes} node(s): {m.Seconds:0.00} s, {m.ItemsPerSecond:0.0} items/s, claim p50 {m.ClaimP50Ms:0} ms p95 {m.ClaimP95Ms:0} ms, start-to-end p50 {m.StartToEndP50Ms:0.0} ms; {m.Spread}");

    private static double Percentile(double[] sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

    private static int IntOption(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
