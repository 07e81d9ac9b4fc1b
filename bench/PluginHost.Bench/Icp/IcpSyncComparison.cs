using System.Globalization;
using System.Text;
using PluginHost.Plugins.Icp;
using PluginHost.Wasm;

namespace PluginHost.Bench.Icp;

/// <summary>The <c>icp-sync</c> command: the componentize-js sync plugin on our engine and on Node 20 through
/// `jco transpile`, in one run; writes bench/results/icp-sync.md.</summary>
public static class IcpSyncComparison
{
    /// <summary>Runs the comparison. Options: --cold N (our cold starts, default 3), --processes N (Node processes,
    /// default 3), --warm N (warm instantiates, default 20), --execs N (default 2000), --mode M (default call-host),
    /// --wasm PATH (default tests/fixtures/icp/js/plugin-0.2.0.wasm).</summary>
    public static int Run(IReadOnlyList<string> args)
    {
        var repo = RepoRoot.Find();
        var wasm = Option(args, "--wasm") ?? Path.Combine(repo, "tests", "fixtures", "icp", "js", "plugin-0.2.0.wasm");
        var mode = Option(args, "--mode") ?? "call-host";
        var colds = Int(args, "--cold", 3);
        var processes = Int(args, "--processes", 3);
        var warmRuns = Int(args, "--warm", 20);
        var execs = Int(args, "--execs", 2000);
        var loadBefore = LoadAverage();
        var bytes = File.ReadAllBytes(wasm);

        var cold = new List<IcpOurEngine.Cold>();
        for (var i = 0; i < colds; i++)
        {
            cold.Add(IcpOurEngine.MeasureCold(bytes, mode));
            Console.Error.WriteLine($"ours cold {i + 1}/{colds}: {cold[^1]}");
        }
        var plugin = SyncPlugin.Load(new Engine(), bytes, "plugin");
        IcpOurEngine.NewInstance(plugin, mode).Exec();   // JIT of the exec path before the warm figures
        var warm = IcpOurEngine.MeasureWarm(plugin, mode, warmRuns);
        var perSecond = IcpOurEngine.MeasureCalls(plugin, mode, execs);
        Console.Error.WriteLine($"ours: warm median {Stats.Median(warm):0.00} ms, {perSecond:0} execs/s");

        var node = IcpNodePeer.Run(repo, wasm, mode, processes, warmRuns, execs);
        Console.Error.WriteLine($"node: cold median {Stats.Median(node.ColdMs):0.0} ms, warm median {Stats.Median(node.WarmMs):0.00} ms, {Stats.Median(node.ExecsPerSecond):0} execs/s");
        var loadAfter = LoadAverage();

        var report = Report(wasm, repo, bytes.Length, mode, cold, warm, perSecond, node, execs, loadBefore, loadAfter);
        var path = Path.Combine(repo, "bench", "results", "icp-sync.md");
        File.WriteAllText(path, report);
        Console.WriteLine(report);
        Console.Error.WriteLine($"wrote {path}");
        return 0;
    }

    private static string Report(string wasm, string repo, long size, string mode, List<IcpOurEngine.Cold> cold, List<double> warm, double perSecond,
        IcpNodePeer.Result node, int execs, string loadBefore, string loadAfter)
    {
        string F(double v) => v.ToString(v >= 100 ? "0" : "0.00", CultureInfo.InvariantCulture);
        string R(double v) => v.ToString("0.00", CultureInfo.InvariantCulture);
        double Med(Func<IcpOurEngine.Cold, double> f) => Stats.Median(cold.Select(f).ToList());
        var nodeCold = Stats.Median(node.ColdMs);
        var nodeWarm = Stats.Median(node.WarmMs);
        var nodeRate = Stats.Median(node.ExecsPerSecond);
        var s = new StringBuilder();
        s.AppendLine("# icp sync plugin: our engine vs Node 20 + jco transpile");
        s.AppendLine();
        s.AppendLine($"`dotnet run -c Release --project bench/PluginHost.Bench -- icp-sync` ({DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC; " +
                     $"{Environment.ProcessorCount} cores, load average {loadBefore} before, {loadAfter} after: shared, noisy machine).");
        s.AppendLine($"Plugin: `{Path.GetRelativePath(repo, wasm)}` ({size / 1e6:0.0} MB, componentize-js), exec with mode `{mode}` " +
                     "(one canister call answered at once, one stderr line). Node: `jco transpile --instantiation async`, preview2-shim WASI, " +
                     $"{node.ColdMs.Count} fresh processes. Ratio = Node time / our time (above 1: we are faster); for execs/s ours / Node's.");
        s.AppendLine();
        s.AppendLine("| figure | ours | Node + jco | ratio |");
        s.AppendLine("|---|---|---|---|");
        s.AppendLine($"| cold instantiate (compile + first instantiate), median ms | {F(Med(c => c.ColdMs))} | {F(nodeCold)} | {R(nodeCold / Med(c => c.ColdMs))} |");
        s.AppendLine($"| first exec after a cold start, median ms | {F(Med(c => c.FirstExecMs))} | {F(Stats.Median(node.FirstExecMs))} | {R(Stats.Median(node.FirstExecMs) / Med(c => c.FirstExecMs))} |");
        s.AppendLine($"| warm instantiate (cached component, new store), median ms | {F(Stats.Median(warm))} | {F(nodeWarm)} | {R(nodeWarm / Stats.Median(warm))} |");
        s.AppendLine($"| execs per second on one instance ({execs} execs) | {F(perSecond)} | {F(nodeRate)} | {R(perSecond / nodeRate)} |");
        s.AppendLine();
        s.AppendLine($"`jco transpile` itself (component -> JS + core modules, ahead of time, not in Node's cold figure): {F(node.TranspileMs)} ms.");
        s.AppendLine();
        s.AppendLine("## Where our cold start goes (median of the cold starts, ms)");
        s.AppendLine();
        s.AppendLine("| phase | ms |");
        s.AppendLine("|---|---|");
        s.AppendLine($"| decode + validate the core modules | {F(Med(c => c.DecodeValidateMs))} |");
        s.AppendLine($"| IL generation + type creation (`SyncPlugin.Load` minus decode/validate) | {F(Med(c => c.CompileMs - c.DecodeValidateMs))} |");
        s.AppendLine($"| first instantiate | {F(Med(c => c.InstantiateMs))} |");
        s.AppendLine($"| first exec | {F(Med(c => c.FirstExecMs))} |");
        s.AppendLine($"| of which .NET JIT of the guest code it reaches | {F(Med(c => c.FirstExecJitMs))} |");
        s.AppendLine($"| second exec (new instance, JIT done) | {F(Med(c => c.SecondExecMs))} |");
        s.AppendLine();
        s.AppendLine("The compute limit (ICP_CLI_PLUGIN_COMPUTE_LIMIT_SECS) starts after `SyncPlugin.Load` and instantiation, and the JIT time " +
                     "of the exec is credited back (src/Plugins/Icp/ComputeDeadline.cs), so none of the rows above but the exec's own compute counts.");
        return s.ToString();
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private static string? Option(IReadOnlyList<string> args, string name)
    {
        for (var i = 0; i < args.Count - 1; i++) if (args[i] == name) return args[i + 1];
        return null;
    }

    private static int Int(IReadOnlyList<string> args, string name, int fallback) =>
        Option(args, name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
}
