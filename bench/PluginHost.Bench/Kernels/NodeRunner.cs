using System.Diagnostics;
using System.Text.Json;

namespace PluginHost.Bench.Kernels;

/// <summary>Times the same plan in Node's V8 by running bench/node/kernels.mjs as a child process.</summary>
public static class NodeRunner
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(10);

    /// <summary>Runs the script and parses its JSON lines; a failure becomes a failed result.</summary>
    public static EngineResult Run(KernelPlan plan, string nodeExe, string script)
    {
        var psi = new ProcessStartInfo(nodeExe)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(script);
        psi.ArgumentList.Add("--wasm");
        psi.ArgumentList.Add(plan.WasmPath);
        foreach (var extra in plan.CompileFiles.Where(f => f != plan.WasmPath))
        {
            psi.ArgumentList.Add("--compile");
            psi.ArgumentList.Add(extra);
        }
        psi.ArgumentList.Add("--runs");
        psi.ArgumentList.Add(plan.Runs.ToString());
        psi.ArgumentList.Add("--warmup");
        psi.ArgumentList.Add(plan.Warmup.ToString());
        psi.ArgumentList.Add("--compile-runs");
        psi.ArgumentList.Add(plan.CompileRuns.ToString());
        psi.ArgumentList.Add("--kernels");
        psi.ArgumentList.Add(string.Join(',', plan.Kernels.Select(k => k.Kernel)));
        psi.ArgumentList.Add("--n");
        psi.ArgumentList.Add(string.Join(',', plan.Kernels.Select(k => $"{k.Kernel}={k.N}")));

        const string engine = "V8";
        Process process;
        try
        {
            process = Process.Start(psi) ?? throw new InvalidOperationException("Process.Start returned null");
        }
        catch (Exception e)
        {
            return EngineResult.Failed(engine, $"cannot start '{nodeExe}': {e.Message}");
        }
        using (process)
        {
            var stderr = process.StandardError.ReadToEndAsync();
            var stdout = process.StandardOutput.ReadToEndAsync();
            if (!process.WaitForExit(Timeout))
            {
                process.Kill(entireProcessTree: true);
                return EngineResult.Failed(engine, $"{script} did not finish within {Timeout.TotalMinutes} minutes");
            }
            if (process.ExitCode != 0)
                return EngineResult.Failed(engine, $"{script} exited with {process.ExitCode}: {stderr.Result.Trim()}");
            return Parse(stdout.Result, script);
        }
    }

    /// <summary>Parses the script's JSON lines into a result.</summary>
    public static EngineResult Parse(string output, string script)
    {
        var engine = "V8";
        CompileTiming? eager = null, lazy = null;
        var kernels = new List<KernelTiming>();
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            using var doc = JsonDocument.Parse(line);
            var e = doc.RootElement;
            switch (e.GetProperty("kind").GetString())
            {
                case "compile-total":
                    engine = e.GetProperty("engine").GetString() ?? engine;
                    var timing = new CompileTiming(e.GetProperty("bytes").GetInt64(), e.GetProperty("ms").GetDouble());
                    if (e.GetProperty("mode").GetString() == "lazy")
                        lazy = timing;
                    else
                        eager = timing;
                    break;
                case "kernel":
                    kernels.Add(new KernelTiming(
                        e.GetProperty("kernel").GetString() ?? throw new InvalidDataException($"{script}: kernel line without 'kernel'"),
                        e.GetProperty("n").GetInt32(),
                        e.GetProperty("checksum").GetInt32(),
                        e.GetProperty("ms").GetDouble(),
                        e.GetProperty("minMs").GetDouble(),
                        e.GetProperty("runs").GetInt32()));
                    break;
            }
        }
        return new EngineResult(engine, eager, kernels, null) { CompileLazy = lazy };
    }
}
