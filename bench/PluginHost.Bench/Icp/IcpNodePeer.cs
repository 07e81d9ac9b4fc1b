using System.Diagnostics;
using System.Text.Json;

namespace PluginHost.Bench.Icp;

/// <summary>The Node peer: `jco transpile` of the plugin, then bench/node/icp-sync/icp-sync.mjs run in fresh processes.</summary>
public static class IcpNodePeer
{
    /// <summary>What the peer measured: transpile time, per-process cold figures, warm instantiates, execs per second.</summary>
    public sealed record Result(double TranspileMs, List<double> ColdMs, List<double> FirstExecMs, List<double> WarmMs, List<double> ExecsPerSecond);

    /// <summary>Runs the peer <paramref name="processes"/> times; throws with the tool's output when anything fails
    /// (run `npm install` in bench/node/icp-sync first).</summary>
    public static Result Run(string repo, string wasm, string mode, int processes, int warm, int execs)
    {
        var dir = Path.Combine(repo, "bench", "node", "icp-sync");
        var jco = Path.Combine(dir, "node_modules", ".bin", "jco");
        if (!File.Exists(jco)) throw new InvalidOperationException($"{jco} not found: run `npm install` in {dir}");
        var outDir = Directory.CreateTempSubdirectory("icp-sync-jco-").FullName;
        try
        {
            var sw = Stopwatch.StartNew();
            Exec(jco, dir, "transpile", wasm, "-o", outDir, "--instantiation", "async", "--name", "plugin", "--quiet");
            var transpileMs = sw.Elapsed.TotalMilliseconds;
            var result = new Result(transpileMs, [], [], [], []);
            for (var p = 0; p < processes; p++)
            {
                var stdout = Exec("node", dir, Path.Combine(dir, "icp-sync.mjs"), "--out", outDir, "--warm", warm.ToString(), "--calls", execs.ToString(), "--mode", mode);
                foreach (var line in stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))
                {
                    using var doc = JsonDocument.Parse(line);
                    var e = doc.RootElement;
                    switch (e.GetProperty("kind").GetString())
                    {
                        case "cold":
                            result.ColdMs.Add(e.GetProperty("ms").GetDouble());
                            result.FirstExecMs.Add(e.GetProperty("firstExecMs").GetDouble());
                            break;
                        case "warm":
                            result.WarmMs.AddRange(e.GetProperty("ms").EnumerateArray().Select(x => x.GetDouble()));
                            break;
                        case "calls":
                            result.ExecsPerSecond.Add(e.GetProperty("perSecond").GetDouble());
                            break;
                    }
                }
            }
            return result;
        }
        finally
        {
            Directory.Delete(outDir, recursive: true);
        }
    }

    private static string Exec(string file, string workDir, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { WorkingDirectory = workDir, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {file}");
        var stderr = process.StandardError.ReadToEndAsync();   // the plugin's stderr lines: read and dropped
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            var err = stderr.Result;
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited {process.ExitCode}: {err[Math.Max(0, err.Length - 2000)..]}");
        }
        return stdout;
    }
}
