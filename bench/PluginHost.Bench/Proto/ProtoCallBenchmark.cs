using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using PluginHost.Plugins.Hosting;
using PluginHost.Plugins.Proto.Api;
using PluginHost.Plugins.Proto.Install;
using PluginHost.Tests.Common;
using Wasmtime;

namespace PluginHost.Bench.Proto;

/// <summary>The <c>proto-calls</c> command: call latency of moon's real proto plugins (../shared/real-plugins/proto) on
/// our Extism kernel over Wasmtime vs Extism's own JS runtime (@extism/extism on Node 20), same bytes, same config, same
/// inputs, outputs checked equal; writes bench/results/proto-calls.md.</summary>
public static class ProtoCallBenchmark
{
    private static readonly string[] Functions = ["register_tool", "download_prebuilt"];

    /// <summary>Runs the measurements; options: --calls N (reused-plugin calls per function, 500), --fresh N (new plugin per call, 50).</summary>
    public static int Run(IReadOnlyList<string> args)
    {
        var calls = Option(args, "--calls", 500);
        var fresh = Option(args, "--fresh", 50);
        var repo = RepoRoot.Find();
        string? dir;
        try { dir = TestRepo.SharedData("real-plugins", "proto"); }
        catch (DirectoryNotFoundException) { dir = null; }
        if (dir is null || !Directory.Exists(dir))
        {
            Console.Error.WriteLine("proto-calls: ../shared/real-plugins/proto (moon's prebuilt proto plugins) was not found beside the repository");
            return 2;
        }
        var peer = Path.Combine(repo, "tests", "node", "node_modules", "@extism", "extism");
        if (!Directory.Exists(peer))
        {
            Console.Error.WriteLine("proto-calls: the peer @extism/extism is not installed; run `npm ci --prefix tests/node` first");
            return 2;
        }
        var work = Directory.CreateTempSubdirectory("proto-calls-").FullName;
        try
        {
            var rows = new List<Row>();
            Exception? failure = null;
            var thread = new Thread(() =>
            {
                try
                {
                    foreach (var wasm in Directory.GetFiles(dir, "*.wasm").Order())
                        rows.AddRange(Measure(wasm, Path.Combine(work, Path.GetFileNameWithoutExtension(wasm)), calls, fresh, repo));
                }
                catch (Exception e) { failure = e; }
            }, 64 * 1024 * 1024);
            thread.Start();
            thread.Join();
            if (failure is not null) throw failure;
            var report = Report(rows, calls, fresh);
            Console.WriteLine(report);
            var results = Path.Combine(repo, "bench", "results", "proto-calls.md");
            File.WriteAllText(results, report);
            Console.WriteLine($"wrote {results}");
            return 0;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private sealed record Row(string Plugin, string Measure, double OursUs, double PeerUs);

    private static IEnumerable<Row> Measure(string wasm, string work, int calls, int fresh, string repo)
    {
        var id = Path.GetFileNameWithoutExtension(wasm).Replace("_toolchain", "", StringComparison.Ordinal);
        var bytes = File.ReadAllBytes(wasm);
        var dirs = new ToolDirectories(Path.Combine(work, "data"), Path.Combine(work, "ws"));
        var engine = WasmEngine.Shared;
        var compile = Stopwatch.StartNew();
        using var module = Module.FromBytes(engine.Engine, id, bytes);
        compile.Stop();
        var request = new ToolInstallRequest { ToolId = id, Module = module, Directories = dirs };
        using var http = new HttpClient();
        var first = Stopwatch.StartNew();
        using var plugin = ProtoPluginLoader.Load(request, http, (_, _, _) => { }, default);
        var inputs = Inputs(id);
        var outputs = new Dictionary<string, string>();
        foreach (var f in Functions)
        {
            outputs[f] = Encoding.UTF8.GetString(Call(plugin, f, inputs[f]));
            if (f == Functions[0]) first.Stop();
        }
        var ours = new Dictionary<string, double>();
        foreach (var f in Functions)
            ours[f] = Median(calls, () => Call(plugin, f, inputs[f]));
        ours["fresh"] = Median(fresh, () =>
        {
            using var p = ProtoPluginLoader.Load(request, http, (_, _, _) => { }, default);
            Call(p, Functions[0], inputs[Functions[0]]);
        });

        var spec = Path.Combine(work, "spec.json");
        File.WriteAllText(spec, JsonSerializer.Serialize(new
        {
            wasm,
            config = plugin.Plugin.Manifest.Config,
            allowedPaths = plugin.Plugin.Manifest.AllowedPaths,
            calls,
            fresh,
            inputs = Functions.ToDictionary(f => f, f => Encoding.UTF8.GetString(inputs[f])),
        }));
        using var peer = JsonDocument.Parse(Node(Path.Combine(repo, "bench", "node", "proto-calls.mjs"), spec));
        var p = peer.RootElement;
        foreach (var f in Functions)
        {
            var theirs = p.GetProperty("outputs").GetProperty(f).GetString();
            if (!JsonEquals(theirs!, outputs[f]))
                throw new InvalidOperationException($"{id}: {f} answered differently on the peer:\n ours:  {outputs[f]}\n peer:  {theirs}");
        }
        yield return new Row(id, "compile module (once)", compile.Elapsed.TotalMicroseconds, p.GetProperty("compileUs").GetDouble());
        yield return new Row(id, "first plugin + first register_tool", first.Elapsed.TotalMicroseconds, p.GetProperty("firstUs").GetDouble());
        foreach (var f in Functions)
            yield return new Row(id, $"{f}, same plugin (median of {calls})", ours[f], p.GetProperty("medianUs").GetProperty(f).GetDouble());
        yield return new Row(id, $"new plugin + register_tool + close (median of {fresh})", ours["fresh"], p.GetProperty("freshUs").GetDouble());
    }

    private static Dictionary<string, byte[]> Inputs(string id)
    {
        var context = new PluginContext
        {
            TempDir = new VirtualPath("/temp"),
            ToolDir = new VirtualPath($"/proto/tools/{id}/20.1.0"),
            Version = "20.1.0",
            WorkingDir = new VirtualPath("/cwd"),
        };
        return new Dictionary<string, byte[]>
        {
            ["register_tool"] = ProtoJson.Serialize(new RegisterToolInput { Id = id }),
            ["download_prebuilt"] = ProtoJson.Serialize(new DownloadPrebuiltInput { Context = context, InstallDir = context.ToolDir }),
        };
    }

    private static byte[] Call(ProtoToolPlugin plugin, string function, byte[] input) =>
        plugin.CallRawAsync(function, input, default).GetAwaiter().GetResult();

    private static double Median(int n, Action action)
    {
        var samples = new double[n];
        for (var i = 0; i < n; i++)
        {
            var t = Stopwatch.GetTimestamp();
            action();
            samples[i] = Stopwatch.GetElapsedTime(t).TotalMicroseconds;
        }
        Array.Sort(samples);
        return samples[n / 2];
    }

    private static bool JsonEquals(string a, string b) =>
        JsonSerializer.Serialize(JsonDocument.Parse(a).RootElement) == JsonSerializer.Serialize(JsonDocument.Parse(b).RootElement);

    private static string Node(string script, string spec)
    {
        var start = new ProcessStartInfo("node", [script, spec]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"node {Path.GetFileName(script)} exited {process.ExitCode}: {stderr.Result}");
        return stdout;
    }

    private static string Report(List<Row> rows, int calls, int fresh)
    {
        var sb = new StringBuilder();
        sb.AppendLine("# Real proto plugin calls: ours vs Extism's JS runtime");
        sb.AppendLine();
        sb.AppendLine(CultureInfo.InvariantCulture, $"Machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}, Node {NodeVersion()}, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, load {Load()}.");
        sb.AppendLine("Command: `npm ci --prefix tests/node` once, then `dotnet run -c Release --project bench/PluginHost.Bench -- proto-calls`.");
        sb.AppendLine();
        sb.AppendLine("moon's prebuilt proto plugins from ../shared/real-plugins/proto, unmodified. Ours: our Extism kernel and proto host");
        sb.AppendLine("functions on Wasmtime 50.0.1 (ProtoPluginLoader). Peer: @extism/extism 1.0.3 on Node 20 (V8), WASI on, the same config");
        sb.AppendLine("keys, allowed paths and input bytes; both answers are checked equal before timing counts.");
        sb.AppendLine("\"compile module\" is not like for like: Wasmtime compiles every function with Cranelift up front, V8 decodes and");
        sb.AppendLine("compiles lazily on first call (part of the peer's \"first\" row); a node loads the compiled artifact from its");
        sb.AppendLine("disk cache instead (bench `hosting`: go_toolchain.wasm warm cache vs cold compile).");
        sb.AppendLine();
        sb.AppendLine("| plugin | measure | ours us | peer us | peer/ours |");
        sb.AppendLine("|---|---|---|---|---|");
        foreach (var r in rows)
            sb.AppendLine(CultureInfo.InvariantCulture, $"| {r.Plugin} | {r.Measure} | {r.OursUs:0.0} | {r.PeerUs:0.0} | {r.PeerUs / r.OursUs:0.00}x |");
        return sb.ToString();
    }

    private static string NodeVersion()
    {
        try
        {
            using var p = Process.Start(new ProcessStartInfo("node", ["--version"]) { RedirectStandardOutput = true })!;
            return p.StandardOutput.ReadToEnd().Trim();
        }
        catch (System.ComponentModel.Win32Exception) { return "?"; }
    }

    private static string Load() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

    private static int Option(IReadOnlyList<string> args, string name, int fallback)
    {
        for (var i = 0; i + 1 < args.Count; i++)
            if (args[i] == name) return int.Parse(args[i + 1], CultureInfo.InvariantCulture);
        return fallback;
    }
}
