using System.Globalization;
using System.Text;

namespace PluginHost.Bench.Runs;

/// <summary>`runners`: a CPU-bound wasi step (hashfile.wasm over a file) through the run entity with 1 and 2 runners,
/// against a plain loop of the same step on 1 and 2 threads; writes bench/results/runners.md.</summary>
public static class RunnersBenchmark
{
    private static (double, double) Of(AkkaRun.Timing t) => (t.WallMs, t.SubmitMs);

    private sealed record Config(string Name, Func<Task<(double Wall, double Submit)>> Run);

    /// <summary>Runs the benchmark; options: --items N (200), --kib K (input file size, 4096), --repeat R (3), --no-write.</summary>
    public static int Run(string[] args) => RunAsync(args).GetAwaiter().GetResult();

    private static async Task<int> RunAsync(string[] args)
    {
        var items = BenchArgs.Int(args, "--items", 200);
        var kib = BenchArgs.Int(args, "--kib", 4096);
        var repeat = BenchArgs.Int(args, "--repeat", 3);
        using var steps = BenchSteps.Create(kib);
        var registry = steps.Registry();
        var configs = new Config[]
        {
            new("plain loop, 1 thread", async () => (await StepLoop.RunAsync(steps.Wasi, steps.Hash, items), 0)),
            new("plain loop, 2 threads", async () => (await StepLoop.RunAsync(steps.Wasi, steps.Hash, items, threads: 2), 0)),
            new("run entity, 1 runner", async () => Of(await AkkaRun.RunAsync(registry, steps.Hash, items, runners: 1))),
            new("run entity, 2 runners", async () => Of(await AkkaRun.RunAsync(registry, steps.Hash, items, runners: 2))),
        };
        foreach (var c in configs) await c.Run(); // warm-up, not timed
        var loadBefore = BenchArgs.LoadAverage();
        var wall = configs.Select(_ => new List<double>()).ToArray();
        var submit = configs.Select(_ => new List<double>()).ToArray();
        var loads = new List<string>();
        for (var r = 0; r < repeat; r++)
        {
            for (var c = 0; c < configs.Length; c++)
            {
                var (w, sub) = await configs[c].Run();
                wall[c].Add(w);
                submit[c].Add(sub);
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"repeat {r + 1}: {configs[c].Name}: {wall[c][^1]:0} ms (load {BenchArgs.LoadAverage()})"));
            }
            loads.Add(BenchArgs.LoadAverage().Split(' ')[0]);
        }
        var loadAfter = BenchArgs.LoadAverage();
        double W(int c) => Stats.Median(wall[c]);
        double Ratio(int slow, int fast) => Stats.Median(wall[slow].Zip(wall[fast], (a, b) => a / b).ToList());

        var s = new StringBuilder();
        s.AppendLine("# Runners benchmark (1 vs 2 runners, CPU-bound step)");
        s.AppendLine();
        s.AppendLine(CultureInfo.InvariantCulture, $"`dotnet run -c Release --project bench/PluginHost.Bench -- runners --items {items} --kib {kib} --repeat {repeat}` " +
            $"({DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC); {Environment.ProcessorCount} cores shared with other engineers' builds; " +
            $"load average (1/5/15 min) **{loadBefore}** before, **{loadAfter}** after; 1-min load after each repeat: {string.Join(", ", loads)}.");
        s.AppendLine();
        s.AppendLine(CultureInfo.InvariantCulture, $"Step: `tests/fixtures/wasi/hashfile.wasm /data/input.bin` (SHA-256 and FNV-1a 64 over a {kib} KiB random file, " +
            $"preopened read-only; a fresh store per step, module compiled beforehand), one step per item. Run entity: an embedded `AkkaNode` " +
            $"on a fresh SQLite file with 1 or 2 `RunnerActor`s, timed from submit to RunCompleted. Peer: the same executor and StepSpec " +
            $"in a plain loop on 1 thread and on 2 threads (items split evenly). Median of {repeat} interleaved repeats after an untimed warm-up.");
        s.AppendLine();
        s.AppendLine("| configuration | wall ms | ms per item | items/s | of which submit to RunSubmitted ms | items/s after RunSubmitted |");
        s.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: |");
        for (var c = 0; c < configs.Length; c++)
        {
            var steady = Stats.Median(wall[c].Zip(submit[c], (w, sub) => items * 1000 / (w - sub)).ToList());
            s.AppendLine(CultureInfo.InvariantCulture, $"| {configs[c].Name} | {W(c):0} | {W(c) / items:0.00} | {items * 1000 / W(c):0.0} | {Stats.Median(submit[c]):0} | {steady:0.0} |");
        }
        s.AppendLine();
        s.AppendLine(CultureInfo.InvariantCulture, $"- **2 runners vs 1 runner: {Ratio(2, 3):0.00}x**; peer, plain loop 2 threads vs 1 thread: {Ratio(0, 1):0.00}x " +
            $"(what the 2 shared cores allow); medians of the per-repeat ratios.");
        s.AppendLine(CultureInfo.InvariantCulture, $"- Run entity vs plain loop: 1 runner {Ratio(2, 0):0.00}x the loop's time ({(W(2) - W(0)) / items:0.00} ms per item more); " +
            $"2 runners {Ratio(3, 1):0.00}x the 2-thread loop's time.");
        BenchArgs.WriteResult(args, "runners.md", s.ToString());
        return 0;
    }
}
