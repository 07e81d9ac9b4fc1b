using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using PluginHost.Plugins.Hosting;

namespace PluginHost.Bench.Kernels;

/// <summary>The kernels as whole programs, each run a separate process: `pluginhost wasm run` (compute limit on, warm
/// compiled-module cache; the published Native AOT launcher, and the CLI on the .NET runtime) vs Node's node:wasi vs
/// the native gcc build, on tests/fixtures/bench/kernels-wasi.wasm.</summary>
public sealed class WholeProgramComparison
{
    /// <summary>Kernel, n and repetitions per process: native runs about 0.2-0.5 s each on the reference machine.</summary>
    public static readonly IReadOnlyList<(string Kernel, int N, int Reps)> DefaultPlan =
        [("hash", 16, 8), ("matmul", 20, 30), ("sort", 300000, 10), ("json", 25000, 10), ("fib", 32, 60)];

    /// <summary>The compute limit `wasm run` gets (far above any run: it only turns the limit on).</summary>
    public const string ComputeLimit = "600s";

    private readonly string _repo;
    private readonly string _nodeExe;
    private readonly string _pluginhost;
    private readonly string _cli;
    private readonly int _runs;
    private readonly ExpectedChecksums _expected;

    /// <summary>A comparison in <paramref name="repo"/> with <paramref name="runs"/> timed runs per kernel and peer:
    /// <paramref name="pluginhost"/> is the published launcher, <paramref name="cli"/> the CLI on the .NET runtime.</summary>
    public WholeProgramComparison(string repo, string nodeExe, string pluginhost, string cli, int runs, ExpectedChecksums expected)
    {
        _repo = repo;
        _nodeExe = nodeExe;
        _pluginhost = pluginhost;
        _cli = cli;
        _runs = runs;
        _expected = expected;
    }

    /// <summary>Checksum disagreements found by <see cref="Run"/>, one line each.</summary>
    public List<string> Mismatches { get; } = [];

    /// <summary>Runs everything and returns the markdown section; throws when a peer cannot run.</summary>
    public string Run()
    {
        var wasm = Path.Combine(_repo, "tests/fixtures/bench/kernels-wasi.wasm");
        var work = Directory.CreateTempSubdirectory("kernels-process-").FullName;
        try
        {
            var load = ProcessTimer.LoadAverage();
            var native = BuildNative(work);
            var cache = Path.Combine(work, "compiled");
            var ours = new WholeProgramPeer("ours", _pluginhost, ["wasm", "run", wasm, "--timeout", ComputeLimit, "--cache", cache, "--"]);
            var cli = new WholeProgramPeer("cli", _cli, ["wasm", "run", wasm, "--timeout", ComputeLimit, "--cache", cache, "--"]);
            var cold = new WholeProgramPeer("ours-cold", _pluginhost, ["wasm", "run", wasm, "--timeout", ComputeLimit, "--no-cache", "--"]);
            var node = new WholeProgramPeer("node", _nodeExe, ["--no-warnings", Path.Combine(_repo, "bench/node/kernels-wasi.mjs"), wasm]);
            ours.Run("fib:1");   // fills the compiled-module cache: every timed `ours` run below has a warm cache
            var peers = new[] { native, ours, cli, node };
            var rows = DefaultPlan.Select(k => Time(peers, $"{k.Kernel}:{k.N}:{k.Reps}", k.Kernel, k.N)).ToList();
            var startup = Time([native, ours, cli, cold, node], "fib:1", "fib", 1);
            return Markdown(rows, startup, load, ProcessTimer.LoadAverage());
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private WholeProgramPeer BuildNative(string work)
    {
        var dir = Path.Combine(_repo, "tests/fixtures/bench");
        var exe = Path.Combine(work, "native_kernels");
        ProcessTimer.Run("gcc", ["-O2", "-ffp-contract=off", "-o", exe, .. new[] { "native_main", "hash", "matmul", "sort", "json", "fib" }.Select(f => Path.Combine(dir, f + ".c"))]);
        return new WholeProgramPeer("native", exe, []);
    }

    private sealed record Row(string Kernel, int N, string Arg, int? Checksum, Dictionary<string, double> Ms);

    /// <summary>Runs each peer <see cref="_runs"/> times, interleaved (so load changes hit all alike), median per peer.</summary>
    private Row Time(IReadOnlyList<WholeProgramPeer> peers, string arg, string kernel, int n)
    {
        Console.Error.WriteLine($"  {arg}: {string.Join(", ", peers.Select(p => p.Name))} x {_runs} ...");
        var times = peers.ToDictionary(p => p.Name, _ => new List<double>());
        var lines = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < _runs; i++)
        {
            foreach (var p in peers)
            {
                var (ms, line) = p.Run(arg);
                times[p.Name].Add(ms);
                lines.Add($"{p.Name}: {line}");
            }
        }
        var outputs = lines.Select(l => l[(l.IndexOf(": ", StringComparison.Ordinal) + 2)..]).Distinct().ToList();
        if (outputs.Count != 1) Mismatches.Add($"{arg}: the peers print different lines: {string.Join(" | ", lines)}");
        int? checksum = outputs.Count == 1 && outputs[0].Split(' ') is [_, _, var c] && int.TryParse(c, CultureInfo.InvariantCulture, out var v) ? v : null;
        if (checksum is not null && _expected.Find(kernel, n) is { } known && known != checksum)
            Mismatches.Add($"{arg}: checksum {checksum}, expected.json says {known}");
        return new Row(kernel, n, arg, checksum, times.ToDictionary(t => t.Key, t => Stats.Median(t.Value)));
    }

    private string Markdown(List<Row> rows, Row startup, string loadBefore, string loadAfter)
    {
        var c = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.AppendLine("## Whole program, each run a new process (the issue's measurement)");
        sb.AppendLine();
        sb.AppendLine(c, $"Measured {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on {RuntimeInformation.OSDescription}, {Environment.ProcessorCount} cores; load average {loadBefore} before, {loadAfter} after.");
        sb.AppendLine(c, $"`tests/fixtures/bench/kernels-wasi.wasm` (the same kernels, clang-19 -O2 wasm32-wasi, wasi-libc) run as `pluginhost wasm run FILE --timeout {ComputeLimit} -- KERNEL:N:REPS` (ours: the published launcher, `build/publish.sh`, Native AOT; CLI: the same command on the CLI as built, on the .NET runtime; Wasmtime {WasmEngine.WasmtimeVersion}, compute limit on: `wasm run` enforces it as a process deadline, so its compiled code has no epoch checks; warm compiled-module cache), as `node kernels-wasi.mjs` (Node {NodeVersion()} node:wasi, V8 with its default lazy compile and tier-up) and natively (gcc -O2).");
        sb.AppendLine(c, $"Times are the parent's wall clock from spawn to exit, so each includes its runtime's start and the module's load; median of {_runs} runs, the peers interleaved. Ratio = ours / V8.");
        sb.AppendLine();
        sb.AppendLine("| kernel | n x reps | checksum | native ms | ours ms | CLI ms | V8 ms | ours / V8 | CLI / V8 | ours / native |");
        sb.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        var ratios = new List<double>();
        var cliRatios = new List<double>();
        var sums = new Dictionary<string, double> { ["native"] = 0, ["ours"] = 0, ["cli"] = 0, ["node"] = 0 };
        foreach (var r in rows)
        {
            var ratio = r.Ms["ours"] / r.Ms["node"];
            ratios.Add(ratio);
            cliRatios.Add(r.Ms["cli"] / r.Ms["node"]);
            foreach (var k in sums.Keys) sums[k] += r.Ms[k];
            var reps = r.Arg.Split(':')[2];
            sb.AppendLine(c, $"| {r.Kernel} | {r.N} x {reps} | {r.Checksum?.ToString(c) ?? "MISMATCH"} | {r.Ms["native"]:0} | {r.Ms["ours"]:0} | {r.Ms["cli"]:0} | {r.Ms["node"]:0} | {ratio:0.00} | {r.Ms["cli"] / r.Ms["node"]:0.00} | {r.Ms["ours"] / r.Ms["native"]:0.00} |");
        }
        var geo = Stats.GeometricMean(ratios);
        var verdict = geo <= KernelReport.GoalRatio ? "goal <= 0.85: met" : "goal <= 0.85: NOT met";
        sb.AppendLine(c, $"| **total / geometric mean** | | | {sums["native"]:0} | {sums["ours"]:0} | {sums["cli"]:0} | {sums["node"]:0} | **{geo:0.00}** ({verdict}) | {Stats.GeometricMean(cliRatios):0.00} | |");
        sb.AppendLine();
        sb.AppendLine("Start-up: the same programs on `fib:1` (no work), medians in ms:");
        sb.AppendLine();
        sb.AppendLine("| native | ours, warm cache | CLI, warm cache | ours, no cache (compiles kernels-wasi.wasm with Cranelift) | V8 |");
        sb.AppendLine("| ---: | ---: | ---: | ---: | ---: |");
        sb.AppendLine(c, $"| {startup.Ms["native"]:0} | {startup.Ms["ours"]:0} | {startup.Ms["cli"]:0} | {startup.Ms["ours-cold"]:0} | {startup.Ms["node"]:0} |");
        sb.AppendLine();
        foreach (var m in Mismatches) sb.AppendLine(c, $"- checksum mismatch: {m}");
        return sb.ToString();
    }

    private string NodeVersion()
    {
        try
        {
            return ProcessTimer.Run(_nodeExe, ["--version"]).Stdout.Trim();
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return "?";
        }
    }
}
