using System.Diagnostics;
using System.Globalization;
using System.Text;
using PluginHost.Shared.Runs;

namespace PluginHost.Bench.Runs;

/// <summary>`coordinator`: N one-step items through the Akka run entity (embedded node, SQLite, 1 runner) against a
/// plain loop of the same step and executor; writes bench/results/coordinator.md.</summary>
public static class CoordinatorBenchmark
{
    private sealed record Config(string Name, int Items, Func<int, Task<double>> Run);

    /// <summary>Runs the benchmark; options: --items N (1000), --small M (200, for the per-item slope), --repeat R (3), --no-write.</summary>
    public static int Run(string[] args) => RunAsync(args).GetAwaiter().GetResult();

    private static async Task<int> RunAsync(string[] args)
    {
        var items = BenchArgs.Int(args, "--items", 1000);
        var small = BenchArgs.Int(args, "--small", 200);
        var repeat = BenchArgs.Int(args, "--repeat", 3);
        using var steps = BenchSteps.Create(kib: 1);
        var registry = steps.Registry();
        var submits = new List<double>();
        var submitsOfMain = new List<double>();
        var submitsOfNoop = new List<double>();
        var startups = new List<double>();
        async Task<double> Akka(StepSpec step, int n, List<double>? submitsOf = null)
        {
            var t = await AkkaRun.RunAsync(registry, step, n, runners: 1);
            submits.Add(t.SubmitMs);
            submitsOf?.Add(t.SubmitMs);
            startups.Add(t.StartupMs);
            return t.WallMs;
        }
        var configs = new Config[]
        {
            new("plain loop, echo step", items, n => StepLoop.RunAsync(steps.Wasi, BenchSteps.Echo, n)),
            new("run entity, echo step, 1 runner", items, n => Akka(BenchSteps.Echo, n, submitsOfMain)),
            new("plain loop, echo step", small, n => StepLoop.RunAsync(steps.Wasi, BenchSteps.Echo, n)),
            new("run entity, echo step, 1 runner", small, n => Akka(BenchSteps.Echo, n)),
            new("run entity, noop step, 1 runner", items, n => Akka(BenchSteps.Noop, n, submitsOfNoop)),
        };
        foreach (var c in configs) await c.Run(small); // warm-up (JIT, SQLite, Akka), not timed
        submits.Clear();
        submitsOfMain.Clear();
        submitsOfNoop.Clear();
        startups.Clear();

        var loadBefore = BenchArgs.LoadAverage();
        var wall = configs.Select(_ => new List<double>()).ToArray();
        var cpu = configs.Select(_ => new List<double>()).ToArray();
        for (var r = 0; r < repeat; r++) // interleaved: a change of the machine's load hits every configuration alike
            for (var c = 0; c < configs.Length; c++)
            {
                var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
                wall[c].Add(await configs[c].Run(configs[c].Items));
                cpu[c].Add((Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalMilliseconds);
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"repeat {r + 1}: {configs[c].Name} x{configs[c].Items}: {wall[c][^1]:0} ms (load {BenchArgs.LoadAverage()})"));
            }
        var loadAfter = BenchArgs.LoadAverage();

        var overhead = Stats.Median(wall[1].Zip(wall[0], (a, l) => (a - l) / items).ToList());
        var cpuOverhead = Stats.Median(cpu[1].Zip(cpu[0], (a, l) => (a - l) / items).ToList());
        var afterSubmit = Enumerable.Range(0, repeat).Select(r => (wall[1][r] - submitsOfMain[r] - wall[0][r]) / items).ToList();
        var slope = Enumerable.Range(0, repeat).Select(r => ((wall[1][r] - wall[3][r]) - (wall[0][r] - wall[2][r])) / (items - small)).ToList();
        var s = new StringBuilder();
        s.AppendLine("# Coordinator benchmark (Akka.NET run entity)");
        s.AppendLine();
        s.AppendLine(CultureInfo.InvariantCulture, $"`dotnet run -c Release --project bench/PluginHost.Bench -- coordinator --items {items} --small {small} --repeat {repeat}` " +
            $"({DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC); {Environment.ProcessorCount} cores shared with other engineers' builds; " +
            $"load average (1/5/15 min) **{loadBefore}** before, **{loadAfter}** after.");
        s.AppendLine();
        s.AppendLine("Peer: a plain loop calling the same `WasiStepExecutor` with the same StepSpec (`tests/fixtures/wasi/steps.wasm echo`, " +
            "a fresh Wasmtime store per call, module compiled beforehand). Coordinated: an embedded `AkkaNode` (one-node cluster, " +
            "Cluster Sharding with remember-entities, the persistent `RunEntity`, one `RunnerActor` behind the `RunnerBroker`, " +
            "Akka.Persistence.Sql on a fresh SQLite file in WAL mode), timed from `SubmitAsync` to RunCompleted on the event stream; " +
            "node start-up is not in the wall time. `noop` is an executor that returns at once. " +
            $"Median of {repeat} interleaved repeats after an untimed warm-up; CPU is this process's CPU time, all threads.");
        s.AppendLine();
        s.AppendLine("| configuration | items | wall ms | wall ms per item | CPU ms per item |");
        s.AppendLine("| --- | ---: | ---: | ---: | ---: |");
        for (var c = 0; c < configs.Length; c++)
            s.AppendLine(CultureInfo.InvariantCulture,
                $"| {configs[c].Name} | {configs[c].Items} | {Stats.Median(wall[c]):0.0} | {Stats.Median(wall[c]) / configs[c].Items:0.000} | {Stats.Median(cpu[c]) / configs[c].Items:0.000} |");
        s.AppendLine();
        s.AppendLine(CultureInfo.InvariantCulture, $"- **Coordinator overhead per item over the plain loop, {items} items: {overhead:0.000} ms wall** (target at most 0.3 ms; " +
            $"{(overhead <= 0.3 ? "met" : "missed")}), {cpuOverhead:0.000} ms CPU; median of the paired repeats, the run's fixed cost included.");
        s.AppendLine(CultureInfo.InvariantCulture, $"- The same without the run's fixed submit cost ((run entity - its submit to RunSubmitted - loop) / {items}): **{Stats.Median(afterSubmit):0.000} ms** " +
            $"(repeats: {string.Join(", ", afterSubmit.Select(v => v.ToString("0.000", CultureInfo.InvariantCulture)))}).");
        s.AppendLine(CultureInfo.InvariantCulture, $"- Per-item slope without the fixed cost ((run entity {items} - {small}) - (loop {items} - {small})) / {items - small}: " +
            $"{Stats.Median(slope):0.000} ms (repeats: {string.Join(", ", slope.Select(v => v.ToString("0.000", CultureInfo.InvariantCulture)))}).");
        s.AppendLine(CultureInfo.InvariantCulture, $"- Fixed cost per run: submit to RunSubmitted (shard allocation, entity start, RunAccepted + ItemScheduled durable; in the wall times) " +
            $"median {Stats.Median(submits):0} ms; node start-up (host built to member Up; not in the wall times) median {Stats.Median(startups):0} ms.");
        var noopAfterSubmit = Stats.Median(wall[4].Zip(submitsOfNoop, (w, sub) => (w - sub) / items).ToList());
        s.AppendLine(CultureInfo.InvariantCulture, $"- noop step end to end: {Stats.Median(wall[4]) / items:0.000} ms per item, **{noopAfterSubmit:0.000} ms per item after RunSubmitted** " +
            $"(the coordinator's own cost per item, no step work to subtract; journaled per item: StepStarted, StepCompleted, ItemCompleted; ItemScheduled is in the submit).");
        BenchArgs.WriteResult(args, "coordinator.md", s.ToString());
        return 0;
    }
}
