namespace PluginHost.Bench.Kernels;

/// <summary>Options of the <c>kernels</c> command.</summary>
public sealed record KernelOptions
{
    /// <summary>The kernels module.</summary>
    public required string WasmPath { get; init; }
    /// <summary>expected.json: benchmark n per kernel and known checksums.</summary>
    public required string ExpectedPath { get; init; }
    /// <summary>The Node script that times V8.</summary>
    public required string NodeScript { get; init; }
    /// <summary>The markdown report to write.</summary>
    public required string OutPath { get; init; }
    /// <summary>The node executable.</summary>
    public string NodeExe { get; init; } = "node";
    /// <summary>Timed runs per kernel (the median is reported).</summary>
    public int Runs { get; init; } = 7;
    /// <summary>Untimed runs per kernel before timing.</summary>
    public int Warmup { get; init; } = 3;
    /// <summary>Timed compiles per module.</summary>
    public int CompileRuns { get; init; } = 5;
    /// <summary>Kernels to run (null: every run_* export).</summary>
    public IReadOnlyList<string>? Kernels { get; init; }
    /// <summary>n per kernel overriding expected.json's.</summary>
    public IReadOnlyDictionary<string, int> N { get; init; } = new Dictionary<string, int>();
    /// <summary>Extra modules whose compile time counts in the per-MB figure.</summary>
    public IReadOnlyList<string> CompileExtra { get; init; } = [];
    /// <summary>Skip Node (ours only).</summary>
    public bool SkipNode { get; init; }
    /// <summary>Skip the whole-program section (separate processes).</summary>
    public bool SkipProcess { get; init; }
    /// <summary>Timed runs per kernel and peer in the whole-program section.</summary>
    public int ProcessRuns { get; init; } = 5;
    /// <summary>The published `pluginhost` launcher (Native AOT, build/publish.sh) the whole-program section runs as ours.</summary>
    public required string Pluginhost { get; init; }
    /// <summary>The built CLI on the .NET runtime, the whole-program section's second column.</summary>
    public required string Cli { get; init; }

    /// <summary>Usage text.</summary>
    public const string Usage =
        "usage: PluginHost.Bench kernels [--wasm PATH] [--expected PATH] [--out PATH] [--node EXE]\n" +
        "         [--runs N] [--warmup N] [--compile-runs N] [--kernels a,b] [--n a=1,b=2]\n" +
        "         [--compile PATH]... [--no-wasi-corpus] [--skip-node]\n" +
        "         [--process-runs N] [--no-process] [--pluginhost PATH] [--cli PATH]\n" +
        "  defaults: tests/fixtures/bench/kernels.wasm, its expected.json, bench/results/kernels.md;\n" +
        "  compile time per MB covers kernels.wasm plus tests/fixtures/wasi/*.wasm unless --no-wasi-corpus;\n" +
        "  the whole-program section runs kernels-wasi.wasm with the published launcher (--pluginhost, default\n" +
        "  artifacts/publish/pluginhost: run `bash build/publish.sh artifacts/publish` first) and the built CLI\n" +
        "  (--cli, default src/Nodes/bin/Release/net10.0/pluginhost).";

    /// <summary>Parses command-line arguments; throws <see cref="ArgumentException"/> on bad input.</summary>
    public static KernelOptions Parse(IReadOnlyList<string> args, string repoRoot)
    {
        var o = new KernelOptions
        {
            WasmPath = Path.Combine(repoRoot, "tests/fixtures/bench/kernels.wasm"),
            ExpectedPath = Path.Combine(repoRoot, "tests/fixtures/bench/expected.json"),
            NodeScript = Path.Combine(repoRoot, "bench/node/kernels.mjs"),
            OutPath = Path.Combine(repoRoot, "bench/results/kernels.md"),
            Pluginhost = Path.Combine(repoRoot, "artifacts/publish/pluginhost"),
            Cli = Path.Combine(repoRoot, "src/Nodes/bin/Release/net10.0/pluginhost"),
        };
        var extra = new List<string>();
        var n = new Dictionary<string, int>();
        var wasiCorpus = true;
        for (var i = 0; i < args.Count; i++)
        {
            var a = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{a} needs a value");
            int Int(int min)
            {
                var v = Value();
                return int.TryParse(v, out var x) && x >= min ? x : throw new ArgumentException($"{a} expects an integer >= {min}, got '{v}'");
            }
            switch (a)
            {
                case "--wasm": o = o with { WasmPath = Path.GetFullPath(Value()) }; break;
                case "--expected": o = o with { ExpectedPath = Path.GetFullPath(Value()) }; break;
                case "--out": o = o with { OutPath = Path.GetFullPath(Value()) }; break;
                case "--node": o = o with { NodeExe = Value() }; break;
                case "--runs": o = o with { Runs = Int(1) }; break;
                case "--warmup": o = o with { Warmup = Int(0) }; break;
                case "--compile-runs": o = o with { CompileRuns = Int(1) }; break;
                case "--kernels": o = o with { Kernels = Value().Split(',', StringSplitOptions.RemoveEmptyEntries) }; break;
                case "--skip-node": o = o with { SkipNode = true }; break;
                case "--no-process": o = o with { SkipProcess = true }; break;
                case "--process-runs": o = o with { ProcessRuns = Int(1) }; break;
                case "--pluginhost": o = o with { Pluginhost = Path.GetFullPath(Value()) }; break;
                case "--cli": o = o with { Cli = Path.GetFullPath(Value()) }; break;
                case "--no-wasi-corpus": wasiCorpus = false; break;
                case "--compile": extra.Add(Path.GetFullPath(Value())); break;
                case "--n": ParsePairs(Value(), n); break;
                default: throw new ArgumentException($"unknown argument '{a}'");
            }
        }
        var wasiDir = Path.Combine(repoRoot, "tests/fixtures/wasi");
        if (wasiCorpus && Directory.Exists(wasiDir))
            extra.AddRange(Directory.GetFiles(wasiDir, "*.wasm").Order(StringComparer.Ordinal));
        return o with { CompileExtra = extra, N = n };
    }

    private static void ParsePairs(string text, Dictionary<string, int> n)
    {
        foreach (var pair in text.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = pair.Split('=');
            if (parts.Length != 2 || !int.TryParse(parts[1], out var value))
                throw new ArgumentException($"--n expects KERNEL=N pairs, got '{pair}'");
            n[parts[0]] = value;
        }
    }
}
