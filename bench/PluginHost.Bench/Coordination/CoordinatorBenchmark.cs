using System.Diagnostics;
using System.Globalization;
using System.Text;
using PluginHost.Actors.Coordination;
using PluginHost.Actors.Journal;
using PluginHost.Actors.Kernel;
using PluginHost.Actors.Runners;
using PluginHost.Shared.Runs;

namespace PluginHost.Bench.Coordination;

/// <summary>`coordinator`: N items of a trivial plugin step through coordinator + runners + SQLite journal, against
/// calling the same step N times in a plain loop; prints and writes bench/results/coordinator.md.</summary>
public static class CoordinatorBenchmark
{
    /// <summary>Runs the benchmark; options: --items N (default 1000), --repeat R (default 5), --hash-items N (default 200), --no-write.</summary>
    public static int Run(string[] args)
    {
        var items = IntOption(args, "--items", 1000);
        var repeat = IntOption(args, "--repeat", 5);
        var hashItems = IntOption(args, "--hash-items", 200);
        var write = !args.Contains("--no-write");
        return RunAsync(items, repeat, hashItems, write).GetAwaiter().GetResult();
    }

    private static async Task<int> RunAsync(int items, int repeat, int hashItems, bool write)
    {
        // A CPU-bound step for the parallel speed-up: hashfile.wasm (SHA-256 + FNV-1a) over a 256 KiB file.
        var hashDir = Directory.CreateTempSubdirectory("coordinator-bench-hash-").FullName;
        var hashInput = new byte[256 << 10];
        new Random(7).NextBytes(hashInput);
        await File.WriteAllBytesAsync(Path.Combine(hashDir, "input.bin"), hashInput);
        var hashWasm = Path.Combine(RepoRoot.Find(), "tests", "fixtures", "wasi", "hashfile.wasm");
        var hashStep = new StepSpec("hash", hashWasm,
            new WasiStepInput(["/data/input.bin"], null, [new WasiStepDir(hashDir, "/data", ReadOnly: true)]).ToPayload(), StepLimits.Default);
        var wasm = Path.Combine(RepoRoot.Find(), "tests", "fixtures", "wasi", "steps.wasm");
        var modules = new ModuleCache();
        var wasi = new WasiStepExecutor(modules);
        var noop = new NoopExecutor();
        // The same step (spec and executor) in the plain loop and through the coordinator: the difference is the overhead.
        var step = new StepSpec("echo", wasm, new WasiStepInput(["echo"]).ToPayload(), StepLimits.Default);
        var noopStep = new StepSpec("noop", "noop", Payload.Empty, StepLimits.Default, "noop");
        modules.Get(await File.ReadAllBytesAsync(wasm)); // compile outside the timings
        modules.Get(await File.ReadAllBytesAsync(hashWasm));
        var cores = Environment.ProcessorCount;
        var startups = new List<double>();
        var configurations = new (string Name, Func<int, Task<double>> Run)[]
        {
            ("plain loop, wasi step, 1 thread", n => LoopAsync(wasi, step, n)),
            ("runner pool only (no journal), wasi step, 1 runner", n => PoolOnlyAsync(wasi, step, n)),
            ("coordinator, wasi step, 1 runner", n => CoordinatedAsync(wasi, noop, step, n, 1)),
            ($"coordinator, wasi step, {cores} runners", n => CoordinatedAsync(wasi, noop, step, n, cores)),
            ("coordinator, noop step, 1 runner", n => CoordinatedAsync(wasi, noop, noopStep, n, 1)),
            ($"coordinator, noop step, {cores} runners", n => CoordinatedAsync(wasi, noop, noopStep, n, cores)),
            ("plain loop, hash step, 1 thread", _ => LoopAsync(wasi, hashStep, hashItems)),
            ("coordinator, hash step, 1 runner", _ => CoordinatedAsync(wasi, noop, hashStep, hashItems, 1)),
            ($"coordinator, hash step, {cores} runners", _ => CoordinatedAsync(wasi, noop, hashStep, hashItems, cores)),
            ("akka run entity, wasi step, 1 runner", n => AkkaRun.CoordinatedAsync(wasi, noop, step, n, 1, startups)),
            ("akka run entity, noop step, 1 runner", n => AkkaRun.CoordinatedAsync(wasi, noop, noopStep, n, 1, startups)),
            ("akka run entity, hash step, 1 runner", _ => AkkaRun.CoordinatedAsync(wasi, noop, hashStep, hashItems, 1, startups)),
            ("akka run entity, hash step, 2 runners", _ => AkkaRun.CoordinatedAsync(wasi, noop, hashStep, hashItems, 2, startups)),
        };
        foreach (var (_, run) in configurations) await run(Math.Min(items, 200)); // warm-up (JIT), not timed

        // Repeats interleave the configurations, so a change in the machine's load hits all of them alike.
        var wall = configurations.Select(_ => new List<double>()).ToArray();
        var cpu = configurations.Select(_ => new List<double>()).ToArray();
        var loadBefore = LoadAverage();
        for (var r = 0; r < repeat; r++)
            for (var c = 0; c < configurations.Length; c++)
            {
                var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
                wall[c].Add(await configurations[c].Run(items));
                cpu[c].Add((Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalMilliseconds);
            }
        var loadAfter = LoadAverage();
        double Wall(int c) => Stats.Median(wall[c]);
        var overhead = Stats.Median(wall[2].Zip(wall[0], (coordinated, loop) => coordinated - loop).ToList()) / items;
        var cpuOverhead = Stats.Median(cpu[2].Zip(cpu[0], (coordinated, loop) => coordinated - loop).ToList()) / items;

        var report = new StringBuilder();
        report.AppendLine("# Coordinator benchmark");
        report.AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture, $"`dotnet run -c Release --project bench/PluginHost.Bench -- coordinator --items {items} --repeat {repeat}`; " +
                          $"{items} items of one step each; median of {repeat} interleaved repeats after an untimed warm-up; {cores} processor(s); " +
                          $"SQLite journal (WAL, synchronous=FULL) in a temp dir.");
        report.AppendLine("Step: `steps.wasm echo` (WASI `_start` in a fresh store, module compiled once beforehand), the same StepSpec and executor " +
                          "in the plain loop and through the coordinator; `noop` is an executor that returns at once (pure coordinator + journal cost).");
        report.AppendLine(CultureInfo.InvariantCulture, $"Load average (1 min) {loadBefore} before, {loadAfter} after; CPU is this process's CPU time (all threads).");
        report.AppendLine();
        report.AppendLine("| configuration | wall ms | wall ms per item | CPU ms per item |");
        report.AppendLine("| --- | ---: | ---: | ---: |");
        for (var c = 0; c < configurations.Length; c++)
        {
            var n = c is >= 6 and <= 8 or >= 11 ? hashItems : items;
            report.AppendLine(CultureInfo.InvariantCulture,
                $"| {configurations[c].Name} | {Wall(c):0.0} | {Wall(c) / n:0.000} | {Stats.Median(cpu[c]) / n:0.000} |");
        }
        report.AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture, $"- Coordinator overhead per item (1 runner minus plain loop, median of the paired repeats): {overhead:0.000} ms wall, {cpuOverhead:0.000} ms CPU; " +
                          $"noop step end to end: {Wall(4) / items:0.000} ms per item (journaled per item: ItemScheduled, StepStarted, StepCompleted, ItemCompleted).");
        report.AppendLine(CultureInfo.InvariantCulture, $"- Parallel vs sequential: {cores} runners vs plain loop {Wall(0) / Wall(3):0.00}x; {cores} runners vs 1 runner {Wall(2) / Wall(3):0.00}x.");
        report.AppendLine(CultureInfo.InvariantCulture, $"- CPU-bound step (hashfile.wasm over 256 KiB, {hashItems} items): {cores} runners vs plain loop {Wall(6) / Wall(8):0.00}x; " +
                          $"{cores} runners vs 1 runner {Wall(7) / Wall(8):0.00}x; coordinator overhead {(Wall(7) - Wall(6)) / hashItems:0.000} ms per item.");
        var akkaOverhead = Stats.Median(wall[9].Zip(wall[0], (coordinated, loop) => coordinated - loop).ToList()) / items;
        report.AppendLine(CultureInfo.InvariantCulture, $"- Akka.NET run entity (Akka.Persistence.Sql on SQLite, sharded, remember-entities): overhead per item over the plain loop " +
                          $"{akkaOverhead:0.000} ms wall (target <= 0.3); noop step end to end {Wall(10) / items:0.000} ms per item; CPU-bound hash step 2 runners vs 1 runner " +
                          $"{Wall(11) / Wall(12):0.00}x; embedded node start-up (host built to member up, median) {Stats.Median(startups):0} ms; " +
                          $"submit to RunSubmitted (shard allocation, entity start, RunAccepted + ItemScheduled durable; included in the wall times above) median {Stats.Median(AkkaRun.Submits):0} ms.");
        report.AppendLine("- Events are group-committed: one journal transaction per drain of the run's writer queue (a few multi-row statements " +
                          "whatever the batch size), so a durable StepCompleted costs a share of one fsync, not one each.");
        Console.Write(report);
        if (write)
        {
            var path = Path.Combine(RepoRoot.Find(), "bench", "results", "coordinator.md");
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllTextAsync(path, report.ToString());
            Console.WriteLine($"written {path}");
        }
        Directory.Delete(hashDir, recursive: true);
        return 0;
    }

    private static string LoadAverage()
    {
        try { return File.ReadAllText("/proc/loadavg").Split(' ')[0]; }
        catch (IOException) { return "unknown"; }
    }

    private static async Task<double> LoopAsync(IStepExecutor executor, StepSpec step, int items)
    {
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < items; i++)
        {
            var result = await executor.ExecuteAsync(new StepContext("loop", "i" + i, 0, step, [], 1, static (_, _) => { }, CancellationToken.None));
            if (!result.Succeeded) throw new InvalidOperationException(result.Error);
        }
        return clock.Elapsed.TotalMilliseconds;
    }

    private static async Task<double> PoolOnlyAsync(IStepExecutor executor, StepSpec step, int items)
    {
        await using var system = new ActorSystem("bench-pool");
        await using var pool = new RunnerPool(system, 1);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < items; i++)
        {
            var context = new StepContext("pool", "i" + i, 0, step, [], 1, static (_, _) => { }, CancellationToken.None);
            var result = await pool.ExecuteAsync(executor, context);
            if (!result.Succeeded) throw new InvalidOperationException(result.Error);
        }
        return clock.Elapsed.TotalMilliseconds;
    }

    private static async Task<double> CoordinatedAsync(IStepExecutor wasi, IStepExecutor noop, StepSpec step, int items, int runners)
    {
        var dir = Directory.CreateTempSubdirectory("coordinator-bench-").FullName;
        try
        {
            await using var system = new ActorSystem("bench");
            await using var journal = await SqliteJournal.OpenInDirectoryAsync(dir);
            await using var pool = new RunnerPool(system, runners);
            var coordinator = new RunCoordinator(journal, pool, new StepExecutorRegistry().Add(wasi).Add(noop));
            var spec = new RunSpec("bench", "bench", Enumerable.Range(0, items).Select(i => new WorkItemSpec("i" + i, "item " + i, [step])).ToList());
            var clock = Stopwatch.StartNew();
            var handle = await coordinator.SubmitAsync(spec);
            var done = await handle.Completion;
            var elapsed = clock.Elapsed.TotalMilliseconds;
            if (done.Succeeded != items) throw new InvalidOperationException($"{done.Failed} items failed");
            return elapsed;
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static int IntOption(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private sealed class NoopExecutor : IStepExecutor
    {
        public string Kind => "noop";
        public Task<StepResult> ExecuteAsync(StepContext context) => Task.FromResult(StepResult.Success(Payload.Empty));
    }
}
