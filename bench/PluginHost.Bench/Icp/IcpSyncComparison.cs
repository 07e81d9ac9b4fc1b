using System.Globalization;
using System.Text;
using PluginHost.Plugins.Icp;

namespace PluginHost.Bench.Icp;

/// <summary>The <c>icp-sync</c> command: the componentize-js sync plugin on Wasmtime (ours) and on Node 20 through
/// `jco transpile`, in one run; writes bench/results/icp-sync.md.</summary>
public static class IcpSyncComparison
{
    /// <summary>Runs the comparison. Options: --processes N (fresh processes each side, default 3), --warm N (warm
    /// instantiates, default 20), --execs N (default 2000), --mode M (default call-host), --wasm PATH (default
    /// tests/fixtures/icp/js/plugin-0.2.0.wasm).</summary>
    public static int Run(IReadOnlyList<string> args)
    {
        var repo = RepoRoot.Find();
        var wasm = Option(args, "--wasm") ?? Path.Combine(repo, "tests", "fixtures", "icp", "js", "plugin-0.2.0.wasm");
        var mode = Option(args, "--mode") ?? "call-host";
        var processes = Int(args, "--processes", 3);
        var warmRuns = Int(args, "--warm", 20);
        var execs = Int(args, "--execs", 2000);
        var loadBefore = LoadAverage();
        var bytes = File.ReadAllBytes(wasm);

        var cacheDir = Directory.CreateTempSubdirectory("icp-sync-cache-").FullName;
        try
        {
            var cold = IcpOurEngine.RunChild(wasm, cacheDir, mode);
            Console.Error.WriteLine($"ours cold process (compile + store artifact): {cold}");
            var warmProcesses = new List<IcpOurEngine.FirstExec>();
            for (var i = 0; i < processes; i++)
            {
                warmProcesses.Add(IcpOurEngine.RunChild(wasm, cacheDir, mode));
                Console.Error.WriteLine($"ours warm-cache process {i + 1}/{processes}: {warmProcesses[^1]}");
            }
            if (cold.FromDisk || warmProcesses.Any(p => !p.FromDisk)) throw new InvalidOperationException("the artifact cache did not behave");

            using var plugins = new SyncPluginCache(directory: cacheDir);
            var plugin = plugins.Get(bytes, wasm);
            var warm = IcpOurEngine.MeasureWarm(plugin, mode, warmRuns);
            var (oneInstance, freshStore) = IcpOurEngine.MeasureExecs(plugin, mode, execs);
            Console.Error.WriteLine($"ours: warm median {Stats.Median(warm):0.000} ms, {oneInstance:0} execs/s on one instance, {freshStore:0} with a fresh store each");

            var node = IcpNodePeer.Run(repo, wasm, mode, processes, warmRuns, execs);
            Console.Error.WriteLine($"node: cold median {Stats.Median(node.ColdMs):0.0} ms, warm median {Stats.Median(node.WarmMs):0.00} ms, {Stats.Median(node.ExecsPerSecond):0} execs/s");
            var loadAfter = LoadAverage();

            var report = Report(wasm, repo, bytes.Length, mode, cold, warmProcesses, warm, oneInstance, freshStore, node, execs, loadBefore, loadAfter);
            var path = Path.Combine(repo, "bench", "results", "icp-sync.md");
            File.WriteAllText(path, report);
            Console.WriteLine(report);
            Console.Error.WriteLine($"wrote {path}");
            return 0;
        }
        finally
        {
            Directory.Delete(cacheDir, recursive: true);
        }
    }

    private static string Report(string wasm, string repo, long size, string mode, IcpOurEngine.FirstExec cold, List<IcpOurEngine.FirstExec> warmProcesses,
        List<double> warm, double oneInstance, double freshStore, IcpNodePeer.Result node, int execs, string loadBefore, string loadAfter)
    {
        var F = IcpOurEngine.N;
        string R(double v) => v.ToString("0.00", CultureInfo.InvariantCulture);
        double Med(Func<IcpOurEngine.FirstExec, double> f) => Stats.Median(warmProcesses.Select(f).ToList());
        var nodeFirst = Stats.Median(node.ColdMs.Zip(node.FirstExecMs, (a, b) => a + b).ToList());
        var nodeWarm = Stats.Median(node.WarmMs);
        var nodeRate = Stats.Median(node.ExecsPerSecond);
        var s = new StringBuilder();
        s.AppendLine("# icp sync plugin: Wasmtime (ours) vs Node 20 + jco transpile");
        s.AppendLine();
        s.AppendLine($"`dotnet run -c Release --project bench/PluginHost.Bench -- icp-sync` ({DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC; " +
                     $"{Environment.ProcessorCount} cores, load average {loadBefore} before, {loadAfter} after: shared, busy machine).");
        s.AppendLine($"Plugin: `{Path.GetRelativePath(repo, wasm)}` ({size / 1e6:0.0} MB, componentize-js), exec with mode `{mode}` " +
                     "(one canister call answered at once, one stderr line). Ours: Wasmtime through `SyncPluginCache` / `SyncPluginHost` " +
                     $"(the production path: fresh store per exec, epoch deadline, WASI 0.2 sandbox), {warmProcesses.Count} fresh processes " +
                     "with a warm on-disk artifact cache after one that compiled. Node 20: `jco transpile --instantiation async`, " +
                     $"preview2-shim WASI, {node.ColdMs.Count} fresh processes. Ratio = Node / ours (above 1: ours is faster); " +
                     "for execs/s ours / Node's. Medians.");
        s.AppendLine();
        s.AppendLine("| figure | Node + jco | ours | ratio |");
        s.AppendLine("|---|---|---|---|");
        s.AppendLine($"| new process, in-process time to the end of the first exec (load/compile + instantiate + exec), ms | {F(nodeFirst)} | {F(Med(p => p.LoadMs + p.ExecMs))} | {R(nodeFirst / Med(p => p.LoadMs + p.ExecMs))} |");
        s.AppendLine($"| ours with a warm cache: from process start (runtime start included) to the end of the first exec, ms | | {F(Med(p => p.SinceStartMs))} | |");
        s.AppendLine($"| ours with a warm cache: parent's clock, spawn to the first exec's result line, ms | | {F(Med(p => p.WallMs))} | |");
        s.AppendLine($"| of which loading the serialized artifact (engine, cache, `Component.DeserializeFile`), ms | | {F(Med(p => p.LoadMs))} | |");
        s.AppendLine($"| cold process, no artifact: compile + first exec, ms (Node: transpile + first exec) | {F(node.TranspileMs + nodeFirst)} | {F(cold.LoadMs + cold.ExecMs)} | {R((node.TranspileMs + nodeFirst) / (cold.LoadMs + cold.ExecMs))} |");
        s.AppendLine($"| warm instantiate (compiled component, new store), ms | {F(nodeWarm)} | {F(Stats.Median(warm))} | {R(nodeWarm / Stats.Median(warm))} |");
        s.AppendLine($"| execs per second on one instance ({execs} execs) | {F(nodeRate)} | {F(oneInstance)} | {R(oneInstance / nodeRate)} |");
        s.AppendLine($"| execs per second, fresh store + instance each (our production path) | | {F(freshStore)} | |");
        s.AppendLine();
        s.AppendLine($"Target of issue #11: a process with a warm cache reaches the end of the first exec within 150 ms of its start: " +
                     $"{F(Med(p => p.SinceStartMs))} ms here.");
        s.AppendLine("Node's figures are measured inside its process (after Node's own start). " +
                     "Setup: `cd bench/node/icp-sync && npm install` (committed package-lock.json: @bytecodealliance/jco 1.35.0, preview2-shim 0.25.0).");
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
