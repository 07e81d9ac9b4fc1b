using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using PluginHost.Plugins.Hosting;
using PluginHost.Plugins.Hosting.Wasi;
using Wasmtime;

namespace PluginHost.Bench.Wasi;

/// <summary>The <c>wasi-hash</c> command: hashes one file with tests/fixtures/wasi/hashfile.wasm on Wasmtime (the node's wasi step path) and on Node's node:wasi in one run.</summary>
public static class WasiHashComparison
{
    /// <summary>Runs the comparison; writes bench/results/wasi-hash.md. Options: --mb N (file size, default 64), --runs N (default 5).</summary>
    public static int Run(IReadOnlyList<string> args)
    {
        var mb = IntOption(args, "--mb", 64);
        var runs = IntOption(args, "--runs", 5);
        var repo = RepoRoot.Find();
        var wasmPath = Path.Combine(repo, "tests", "fixtures", "wasi", "hashfile.wasm");
        var dir = Directory.CreateTempSubdirectory("wasi-hash-bench-").FullName;
        try
        {
            var input = Path.Combine(dir, "input.bin");
            WriteInput(input, mb);

            using var engine = new WasmEngine(new WasmEngineSettings(Pooling: false));
            var compile = Stopwatch.StartNew();
            using var module = Module.FromFile(engine.Engine, wasmPath);
            compile.Stop();
            string? oursOutput = null;
            var ours = new List<double>();
            for (var i = 0; i < runs + 1; i++)
            {
                var sw = Stopwatch.StartNew();
                oursOutput = RunOurs(engine, module, dir);
                sw.Stop();
                if (i > 0) ours.Add(sw.Elapsed.TotalMilliseconds); // first run is warm-up
            }

            var node = RunNode(repo, input, runs);
            var oursSha = Field(oursOutput!, "sha256");
            var match = oursSha == node.Sha256;
            var oursMedian = Median(ours);
            var ratio = oursMedian / node.Ms;
            var report = new StringBuilder()
                .AppendLine("# WASI file hashing: Wasmtime (PluginHost wasi step) vs Node's node:wasi")
                .AppendLine()
                .AppendLine($"hashfile.wasm (SHA-256 + FNV-1a in C, wasi-libc) over a {mb} MiB file, median of {runs} runs after one warm-up, instantiate + run.")
                .AppendLine($"Measured {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on {Environment.ProcessorCount} cores; `dotnet run -c Release --project bench/PluginHost.Bench -- wasi-hash`.")
                .AppendLine()
                .AppendLine("| engine | median ms | MiB/s | sha256 agrees |")
                .AppendLine("| --- | ---: | ---: | --- |")
                .AppendLine(CultureInfo.InvariantCulture, $"| Wasmtime {WasmEngine.WasmtimeVersion} (WasiCommand) | {oursMedian:F1} | {mb / (oursMedian / 1000):F1} | {(match ? "yes" : "NO")} |")
                .AppendLine(CultureInfo.InvariantCulture, $"| Node {node.Version} (V8) | {node.Ms:F1} | {mb / (node.Ms / 1000):F1} | reference |")
                .AppendLine()
                .AppendLine(CultureInfo.InvariantCulture, $"Ratio ours / V8: **{ratio:F2}**. Compile: ours {compile.Elapsed.TotalMilliseconds:F1} ms, V8 {node.CompileMs:F1} ms.")
                .ToString();
            Console.WriteLine(report);
            var outPath = Path.Combine(repo, "bench", "results", "wasi-hash.md");
            Directory.CreateDirectory(Path.GetDirectoryName(outPath)!);
            File.WriteAllText(outPath, report);
            return match ? 0 : 1;
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static string RunOurs(WasmEngine engine, Module module, string dir)
    {
        var stdout = new MemoryStream();
        var result = WasiCommand.Run(engine, module, new WasiCommandOptions
        {
            Name = "hashfile.wasm",
            Args = ["hashfile", "/input/input.bin"],
            Preopens = [new WasiPreopen(dir, "/input", ReadOnly: true)],
            Stdout = bytes => stdout.Write(bytes),
            ComputeTime = TimeSpan.FromMinutes(10),
        });
        if (!result.Succeeded) throw new InvalidOperationException($"hashfile.wasm failed: {result.Message ?? $"exit {result.ExitCode}"}");
        return Encoding.UTF8.GetString(stdout.ToArray());
    }

    private sealed record NodeResult(double Ms, double CompileMs, string Sha256, string Version);

    private static NodeResult RunNode(string repo, string input, int runs)
    {
        var psi = new ProcessStartInfo("node", [Path.Combine(repo, "bench", "node", "wasi-hash.mjs"), input, "--runs", runs.ToString(CultureInfo.InvariantCulture)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(psi) ?? throw new InvalidOperationException("cannot start node");
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"node wasi-hash.mjs failed ({process.ExitCode}): {error}");
        using var doc = JsonDocument.Parse(output.Trim().Split('\n')[^1]);
        var root = doc.RootElement;
        return new NodeResult(root.GetProperty("ms").GetDouble(), root.GetProperty("compileMs").GetDouble(),
            root.GetProperty("sha256").GetString() ?? "", root.TryGetProperty("engine", out var e) ? e.ToString() : "");
    }

    private static void WriteInput(string path, int mb)
    {
        var rng = new Random(42);
        var chunk = new byte[1 << 20];
        using var f = File.Create(path);
        for (var i = 0; i < mb; i++)
        {
            rng.NextBytes(chunk);
            f.Write(chunk);
        }
    }

    private static string Field(string output, string name) =>
        output.Split('\n').Select(l => l.Split(' ')).FirstOrDefault(p => p.Length == 2 && p[0] == name)?[1] ?? "";

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    private static int IntOption(IReadOnlyList<string> args, string name, int fallback)
    {
        for (var i = 0; i < args.Count - 1; i++)
            if (args[i] == name && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var v) && v > 0) return v;
        return fallback;
    }
}
