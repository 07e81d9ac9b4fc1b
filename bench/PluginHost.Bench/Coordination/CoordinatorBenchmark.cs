using System.Diagnostics;
using System.Globalization;
using System.Text;
using PluginHost.Actors.Coordination;
using PluginHost.Actors.Journal;
using PluginHost.Actors.Kernel;
using PluginHost.Actors.Runners;
using PluginHost.Shared.Runs;
using PluginHost.Wasm;

namespace PluginHost.Bench.Coordination;

/// <summary>`coordinator`: N items of a trivial plugin step through coordinator + runners + SQLite journal, against
/// calling the same step N times in a plain loop; prints and writes bench/results/coordinator.md.</summary>
public static class CoordinatorBenchmark
{
    /// <summary>Runs the benchmark; options: --items N (default 1000), --repeat R (default 3), --no-write.</summary>
    public static int Run(string[] args)
    {
        var items = IntOption(args, "--items", 1000);
        var repeat = IntOption(args, "--repeat", 3);
        var write = !args.Contains("--no-write");
        return RunAsync(items, repeat, write).GetAwaiter().GetResult();
    }

    private static async Task<int> RunAsync(int items, int repeat, bool write)
    {
        var wasm = Path.Combine(RepoRoot.Find(), "tests", "fixtures", "wasi", "steps.wasm");
        var modules = new ModuleCache(new Engine(new EngineConfig { RunOnCallerThread = true }));
        var wasi = new WasiStepExecutor(modules);
        var noop = new NoopExecutor();
        var step = new StepSpec("echo", wasm, new WasiStepInput(["echo"]).ToPayload(), StepLimits.Default);
        var noopStep = new StepSpec("noop", "noop", Payload.Empty, StepLimits.Default, "noop");
        modules.Get(await File.ReadAllBytesAsync(wasm)); // compile outside the timings

        var loop = Median(repeat, () => LoopAsync(wasi, step, items));
        var cores = Environment.ProcessorCount;
        var pool1 = Median(repeat, () => PoolOnlyAsync(wasi, step, items));
        var coordinated1 = Median(repeat, () => CoordinatedAsync(wasi, noop, step, items, 1));
        var coordinatedN = Median(repeat, () => CoordinatedAsync(wasi, noop, step, items, cores));
        var noop1 = Median(repeat, () => CoordinatedAsync(wasi, noop, noopStep, items, 1));
        var noopN = Median(repeat, () => CoordinatedAsync(wasi, noop, noopStep, items, cores));

        var perItemLoop = loop / items;
        var overhead1 = (coordinated1 - loop) / items;
        var report = new StringBuilder();
        report.AppendLine("# Coordinator benchmark");
        report.AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture, $"`dotnet run -c Release --project bench/PluginHost.Bench -- coordinator --items {items} --repeat {repeat}`; " +
                          $"{items} items of one step each; median of {repeat} runs; {cores} processor(s); SQLite journal (WAL, synchronous=FULL) in a temp dir.");
        report.AppendLine("Step: `steps.wasm echo` (WASI `_start` in a fresh store, module compiled once beforehand); `noop` is an executor that returns at once (pure coordinator + journal cost).");
        report.AppendLine();
        report.AppendLine("| configuration | total ms | per item ms |");
        report.AppendLine("| --- | ---: | ---: |");
        Row(report, "plain loop, wasi step, 1 thread", loop, items);
        Row(report, "runner pool only (no journal), wasi step, 1 runner", pool1, items);
        Row(report, "coordinator, wasi step, 1 runner", coordinated1, items);
        Row(report, $"coordinator, wasi step, {cores} runners", coordinatedN, items);
        Row(report, "coordinator, noop step, 1 runner", noop1, items);
        Row(report, $"coordinator, noop step, {cores} runners", noopN, items);
        report.AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture, $"- Coordinator overhead per item (1 runner vs plain loop): {overhead1:0.000} ms; noop step end to end: {noop1 / items:0.000} ms per item (4 journaled events per item: StepStarted, StepCompleted, ItemCompleted, plus ItemScheduled).");
        report.AppendLine(CultureInfo.InvariantCulture, $"- Parallel vs sequential: {cores} runners vs plain loop {loop / coordinatedN:0.00}x; {cores} runners vs 1 runner {coordinated1 / coordinatedN:0.00}x.");
        report.AppendLine("- Events are group-committed: one journal transaction per drain of the run's writer queue, so a durable StepCompleted costs a share of one fsync, not one each.");
        Console.Write(report);
        if (write)
        {
            var path = Path.Combine(RepoRoot.Find(), "bench", "results", "coordinator.md");
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllTextAsync(path, report.ToString());
            Console.WriteLine($"written {path}");
        }
        return 0;
    }

    private static void Row(StringBuilder report, string name, double ms, int items) =>
        report.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {ms:0.0} | {ms / items:0.000} |");

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

    private static double Median(int repeat, Func<Task<double>> run)
    {
        var values = new List<double>();
        for (var i = 0; i < repeat; i++) values.Add(run().GetAwaiter().GetResult());
        return Stats.Median(values);
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
