using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using PluginHost.Plugins.Hosting;
using PluginHost.Plugins.Icp;

namespace PluginHost.Bench.Icp;

/// <summary>Our figures for one sync plugin on Wasmtime: a new process to its first exec (cold = compiling, warm =
/// loading the serialized artifact from the on-disk cache), warm instantiate, execs per second.</summary>
public static class IcpOurEngine
{
    /// <summary>What one child process measured (milliseconds).</summary>
    /// <param name="WallMs">Parent's clock: process spawned to the child's result line.</param>
    /// <param name="SinceStartMs">Child's clock: its process start time to the end of the first exec.</param>
    /// <param name="LoadMs">Engine + cache + compile or artifact load (an unchanged file is neither read nor hashed: SourceIndex).</param>
    /// <param name="ExecMs">First instantiate + exec.</param>
    /// <param name="FromDisk">Whether the component came from the on-disk artifact.</param>
    public sealed record FirstExec(double WallMs, double SinceStartMs, double LoadMs, double ExecMs, bool FromDisk);

    /// <summary>The child command (`icp-sync-first-exec --wasm P --cache DIR --mode M [--no-pooling]`): one exec in a fresh
    /// process, one JSON line with its phases (ms since process start when Main ran, engine, load, exec).</summary>
    public static int Child(IReadOnlyList<string> args)
    {
        var wasm = Arg(args, "--wasm");
        var cache = Arg(args, "--cache");
        var mode = Arg(args, "--mode");
        var pooling = !args.Contains("--no-pooling");
        var sw = Stopwatch.StartNew();
        var mainMs = (DateTime.Now - Process.GetCurrentProcess().StartTime).TotalMilliseconds;
        using var plugins = new SyncPluginCache(new WasmEngine(new WasmEngineSettings(Runners: 2, Pooling: pooling)), cache);
        var engineMs = sw.Elapsed.TotalMilliseconds;
        var plugin = plugins.GetFile(wasm, wasm);
        var loadMs = sw.Elapsed.TotalMilliseconds;
        sw.Restart();
        var outcome = new SyncPluginHost(Gateway(mode)).RunAsync(plugin, Invocation(mode)).GetAwaiter().GetResult();
        var execMs = sw.Elapsed.TotalMilliseconds;
        if (!outcome.Succeeded) throw new InvalidOperationException($"exec failed: {outcome.Error}");
        var since = (DateTime.Now - Process.GetCurrentProcess().StartTime).TotalMilliseconds;
        Console.WriteLine(JsonSerializer.Serialize(new { since, mainMs, engineMs, loadMs, execMs, fromDisk = plugins.DiskHits == 1 }));
        return 0;
    }

    /// <summary>Runs the child once in a new process and reads its line.</summary>
    public static FirstExec RunChild(string wasm, string cacheDir, string mode)
    {
        var psi = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        var entry = System.Reflection.Assembly.GetEntryAssembly()!.Location;
        if (Path.GetFileName(Environment.ProcessPath!) is "dotnet" or "dotnet.exe")
            psi.ArgumentList.Add(entry);   // running under `dotnet` (the apphost's name "PluginHost.Bench" has no extension to strip)
        foreach (var a in new[] { "icp-sync-first-exec", "--wasm", wasm, "--cache", cacheDir, "--mode", mode }) psi.ArgumentList.Add(a);
        var sw = Stopwatch.StartNew();
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        var line = p.StandardOutput.ReadLine();
        var wall = sw.Elapsed.TotalMilliseconds;
        p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0 || line is null) throw new InvalidOperationException($"child exited {p.ExitCode}: {err.Result}");
        var e = JsonDocument.Parse(line).RootElement;
        return new FirstExec(wall, e.GetProperty("since").GetDouble(), e.GetProperty("loadMs").GetDouble(), e.GetProperty("execMs").GetDouble(),
            e.GetProperty("fromDisk").GetBoolean());
    }

    /// <summary>Warm instantiate times (fresh store each, compiled component) in milliseconds, on a wasm thread.</summary>
    public static List<double> MeasureWarm(SyncPlugin plugin, string mode, int runs) => plugin.Engine.RunOnWasmThread(() =>
    {
        var times = new List<double>();
        for (var i = 0; i < runs + 5; i++)
        {
            var sw = Stopwatch.StartNew();
            using var instance = NewInstance(plugin, mode);
            if (i >= 5) times.Add(sw.Elapsed.TotalMilliseconds);
        }
        return times;
    });

    /// <summary>Execs per second: on one instance (as Node's figure), and with a fresh store and instance each (our production path).</summary>
    public static (double OneInstance, double FreshStore) MeasureExecs(SyncPlugin plugin, string mode, int execs) => plugin.Engine.RunOnWasmThread(() =>
    {
        using var instance = NewInstance(plugin, mode);
        for (var i = 0; i < Math.Min(200, execs); i++) Check(instance.Exec());
        var before = instance.Calls;
        var sw = Stopwatch.StartNew();
        for (var i = 0; i < execs; i++) Check(instance.Exec());
        var one = execs / sw.Elapsed.TotalSeconds;
        if (mode == "call-host" && instance.Calls - before != execs) throw new InvalidOperationException($"expected {execs} canister calls, saw {instance.Calls - before}");
        sw.Restart();
        for (var i = 0; i < execs; i++)
        {
            using var fresh = NewInstance(plugin, mode);
            Check(fresh.Exec());
        }
        return (one, execs / sw.Elapsed.TotalSeconds);
    });

    /// <summary>A new instance of the plugin for <paramref name="mode"/>, its calls answered at once, output discarded.</summary>
    public static SyncPluginInstance NewInstance(SyncPlugin plugin, string mode) =>
        new(plugin, Invocation(mode), Gateway(mode), _ => { }, _ => { });

    private static SyncInvocation Invocation(string mode) => new()
    {
        CanisterName = "backend",
        CanisterId = "bkyz2-fmaaa-aaaaa-qaaaq-cai",
        Environment = "local",
        BaseDir = Directory.GetCurrentDirectory(),
        Files = [("mode", mode)],
        ComputeLimit = TimeSpan.FromMinutes(10),
    };

    private static RecordingGateway Gateway(string mode) => new(
        new Dictionary<(string, string), CanisterReply> { [("bkyz2-fmaaa-aaaaa-qaaaq-cai", "greet")] = CanisterReply.Ok("hello from the host"u8.ToArray()) }, _ => { });

    private static void Check(string? error)
    {
        if (error is not null) throw new InvalidOperationException($"exec failed: {error}");
    }

    private static string Arg(IReadOnlyList<string> args, string name)
    {
        for (var i = 0; i < args.Count - 1; i++) if (args[i] == name) return args[i + 1];
        throw new ArgumentException($"missing {name}");
    }

    /// <summary>Invariant number text.</summary>
    public static string N(double v) => v.ToString(v >= 100 ? "0" : "0.00", CultureInfo.InvariantCulture);
}
