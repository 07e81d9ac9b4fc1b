using System.Diagnostics;
using System.Globalization;
using System.Text;
using PluginHost.Shared.Runs;

namespace PluginHost.Bench.Runs;

/// <summary>`coordinator`: N one-step items through the Akka run entity (embedded node, SQLite, 1 runner) against a
/// plain loop of the same step and executor, on a long-lived node (one that already ran a run) and, in child processes,
/// the first run of a fresh process (what each CLI command pays); writes bench/results/coordinator.md.</summary>
public static class CoordinatorBenchmark
{
    private sealed record Config(string Name, int Items, Func<int, Task<double>> Run);

    /// <summary>Runs the benchmark; options: --items N (1000), --small M (200, for the per-item slope), --repeat R (3), --no-write.</summary>
    public static int Run(string[] args) => RunAsync(args).GetAwaiter().GetResult();

    private static string F(double v) => v.ToString("0.000", CultureInfo.InvariantCulture);

    private static string List(IEnumerable<double> values) => string.Join(", ", values.Select(F));

    private static async Task<int> RunAsync(string[] args)
    {
        var items = BenchArgs.Int(args, "--items", 1000);
        var small = BenchArgs.Int(args, "--small", 200);
        var repeat = BenchArgs.Int(args, "--repeat", 3);
        using var steps = BenchSteps.Create(kib: 1);
        await using var node = await AkkaRun.StartAsync(steps.Registry(), runners: 1);
        var submitsOfMain = new List<double>();
        var submitsOfNoop = new List<double>();
        async Task<double> Akka(StepSpec step, int n, List<double> submits)
        {
            var t = await node.RunAsync(step, n);
            submits.Add(t.SubmitMs);
            return t.WallMs;
        }
        var ignored = new List<double>();
        var configs = new Config[]
        {
            new("plain loop, echo step", items, n => StepLoop.RunAsync(steps.Wasi, BenchSteps.Echo, n)),
            new("run entity, echo step, 1 runner", items, n => Akka(BenchSteps.Echo, n, submitsOfMain)),
            new("plain loop, echo step", small, n => StepLoop.RunAsync(steps.Wasi, BenchSteps.Echo, n)),
            new("run entity, echo step, 1 runner", small, n => Akka(BenchSteps.Echo, n, ignored)),
            new("run entity, noop step, 1 runner", items, n => Akka(BenchSteps.Noop, n, submitsOfNoop)),
        };
        foreach (var c in configs) await c.Run(small); // warm-up (JIT, SQLite, Akka; the node's first run), not timed
        submitsOfMain.Clear();
        submitsOfNoop.Clear();

        var loadBefore = BenchArgs.LoadAverage();
        var wall = configs.Select(_ => new List<double>()).ToArray();
        var cpu = configs.Select(_ => new List<double>()).ToArray();
        var fresh = new List<CoordinatorFirstRun.Result>();
        for (var r = 0; r < repeat; r++) // interleaved: a change of the machine's load hits every configuration alike
        {
            for (var c = 0; c < configs.Length; c++)
            {
                var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
                wall[c].Add(await configs[c].Run(configs[c].Items));
                cpu[c].Add((Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalMilliseconds);
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"repeat {r + 1}: {configs[c].Name} x{configs[c].Items}: {wall[c][^1]:0} ms (load {BenchArgs.LoadAverage()})"));
            }
            fresh.Add(CoordinatorFirstRun.RunChild(items));
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"repeat {r + 1}: fresh process, first run x{items}: {fresh[^1]} (load {BenchArgs.LoadAverage()})"));
        }
        var loadAfter = BenchArgs.LoadAverage();

        var overhead = Enumerable.Range(0, repeat).Select(r => (wall[1][r] - wall[0][r]) / items).ToList();
        var cpuOverhead = Stats.Median(cpu[1].Zip(cpu[0], (a, l) => (a - l) / items).ToList());
        var afterSubmit = Enumerable.Range(0, repeat).Select(r => (wall[1][r] - submitsOfMain[r] - wall[0][r]) / items).ToList();
        var slope = Enumerable.Range(0, repeat).Select(r => ((wall[1][r] - wall[3][r]) - (wall[0][r] - wall[2][r])) / (items - small)).ToList();
        var noopAfterSubmit = Stats.Median(wall[4].Zip(submitsOfNoop, (w, sub) => (w - sub) / items).ToList());
        var firstRunExtra = Enumerable.Range(0, repeat).Select(r => fresh[r].WallMs - wall[1][r]).ToList();
        double Med(Func<CoordinatorFirstRun.Result, double> f) => Stats.Median(fresh.Select(f).ToList());

        var s = new StringBuilder();
        s.AppendLine("# Coordinator benchmark (Akka.NET run entity)");
        s.AppendLine();
        s.AppendLine(CultureInfo.InvariantCulture, $"`dotnet run -c Release --project bench/PluginHost.Bench -- coordinator --items {items} --small {small} --repeat {repeat}` " +
            $"({DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC); {Environment.ProcessorCount} cores shared with other engineers' builds; " +
            $"load average (1/5/15 min) **{loadBefore}** before, **{loadAfter}** after.");
        s.AppendLine();
        s.AppendLine("Peer: a plain loop calling the same `WasiStepExecutor` with the same StepSpec (`tests/fixtures/wasi/steps.wasm echo`, " +
            "a fresh Wasmtime store per call, module compiled beforehand), in the same process, interleaved. Coordinated: an embedded `AkkaNode` " +
            "(one-node cluster, Cluster Sharding with remember-entities, the persistent `RunEntity`, one `RunnerActor` behind the `RunnerBroker`, " +
            "Akka.Persistence.Sql on a SQLite file in WAL mode), timed from `SubmitAsync` to RunCompleted on the event stream. " +
            "**Long-lived node**: one node for the whole benchmark that already ran its warm-up runs (as `pluginhost node`); each run a new run id. " +
            "**Fresh process**: a child process (`coordinator-first-run`) that starts a node on a new store and runs the same items once " +
            "(what each `pluginhost run`, `sync` or `install` pays). `noop` is an executor that returns at once. " +
            $"Median of {repeat} interleaved repeats; CPU is this process's CPU time, all threads.");
        s.AppendLine();
        s.AppendLine("## Long-lived node");
        s.AppendLine();
        s.AppendLine("| configuration | items | wall ms | wall ms per item | CPU ms per item |");
        s.AppendLine("| --- | ---: | ---: | ---: | ---: |");
        for (var c = 0; c < configs.Length; c++)
            s.AppendLine(CultureInfo.InvariantCulture,
                $"| {configs[c].Name} | {configs[c].Items} | {Stats.Median(wall[c]):0.0} | {Stats.Median(wall[c]) / configs[c].Items:0.000} | {Stats.Median(cpu[c]) / configs[c].Items:0.000} |");
        s.AppendLine();
        s.AppendLine(CultureInfo.InvariantCulture, $"- **Coordinator overhead per item over the plain loop, {items} items, long-lived node: {F(Stats.Median(overhead))} ms wall** " +
            $"(target at most 0.3 ms; {(Stats.Median(overhead) <= 0.3 ? "met" : "missed")}; repeats: {List(overhead)}), {F(cpuOverhead)} ms CPU; the submit included.");
        s.AppendLine(CultureInfo.InvariantCulture, $"- The same after RunSubmitted ((run entity - its submit - loop) / {items}): {F(Stats.Median(afterSubmit))} ms " +
            $"(repeats: {List(afterSubmit)}); submit to RunSubmitted of the {items}-item run (RunAccepted + {items} ItemScheduled durable): median {Stats.Median(submitsOfMain):0} ms.");
        s.AppendLine(CultureInfo.InvariantCulture, $"- Per-item slope ((run entity {items} - {small}) - (loop {items} - {small})) / {items - small}: " +
            $"{F(Stats.Median(slope))} ms (repeats: {List(slope)}).");
        s.AppendLine(CultureInfo.InvariantCulture, $"- noop step: {F(Stats.Median(wall[4]) / items)} ms per item end to end, **{F(noopAfterSubmit)} ms per item after RunSubmitted** " +
            $"(the coordinator's own cost per item, no step work; journaled per item: StepStarted, then StepCompleted and ItemCompleted in one PersistAllAsync; ItemScheduled is in the submit).");
        s.AppendLine();
        s.AppendLine("## Fresh process (first run)");
        s.AppendLine();
        s.AppendLine("| process start to node ready ms | node start-up ms | first submit to RunSubmitted ms | first run wall ms | methods JIT-compiled | JIT ms | process CPU ms |");
        s.AppendLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var f in fresh)
            s.AppendLine(CultureInfo.InvariantCulture, $"| {f.ProcessToReadyMs:0} | {f.StartupMs:0} | {f.SubmitMs:0} | {f.WallMs:0} | {f.JitMethods:0} | {f.JitMs:0} | {f.CpuMs:0} |");
        s.AppendLine();
        s.AppendLine(CultureInfo.InvariantCulture, $"- **First-run fixed cost of a fresh process**: node start-up median {Med(f => f.StartupMs):0} ms (host built to ready: " +
            $"cluster Up, journal warm, shard region registered), then the first run of " +
            $"{items} items takes median {Med(f => f.WallMs):0} ms, {Stats.Median(firstRunExtra):0} ms more than on the long-lived node " +
            $"(repeats: {string.Join(", ", firstRunExtra.Select(v => v.ToString("0", CultureInfo.InvariantCulture)))}); its submit to RunSubmitted median {Med(f => f.SubmitMs):0} ms.");
        BenchArgs.WriteResult(args, "coordinator.md", s.ToString());
        return 0;
    }
}
