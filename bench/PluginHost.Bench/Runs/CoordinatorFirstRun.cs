using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace PluginHost.Bench.Runs;

/// <summary>The first run of a fresh process (what each CLI command pays): a child process starts an embedded node and
/// runs N echo items once; JIT, store creation, coordinator start and the first journal writes are all in it.</summary>
public static class CoordinatorFirstRun
{
    /// <summary>What the child measured, in ms: process start to node ready, node start-up (host built to ready), the
    /// first submit to RunSubmitted, the first submit to RunCompleted, and the process's JIT and CPU time until then.</summary>
    public sealed record Result(double ProcessToReadyMs, double StartupMs, double SubmitMs, double WallMs, double JitMethods, double JitMs, double CpuMs);

    /// <summary>The child command (`coordinator-first-run --items N`): prints one JSON line.</summary>
    public static int Child(string[] args)
    {
        var items = BenchArgs.Int(args, "--items", 1000);
        using var steps = BenchSteps.Create(kib: 1); // module compiled before timing, as in the long-lived configurations
        var clock = Stopwatch.StartNew();
        var node = AkkaRun.StartAsync(steps.Registry(), runners: 1).GetAwaiter().GetResult();
        var ready = (DateTime.Now - Process.GetCurrentProcess().StartTime).TotalMilliseconds;
        var t = node.RunAsync(BenchSteps.Echo, items).GetAwaiter().GetResult();
        var result = new Result(ready, node.StartupMs, t.SubmitMs, t.WallMs, System.Runtime.JitInfo.GetCompiledMethodCount(),
            System.Runtime.JitInfo.GetCompilationTime().TotalMilliseconds, Process.GetCurrentProcess().TotalProcessorTime.TotalMilliseconds);
        node.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Console.WriteLine(JsonSerializer.Serialize(result));
        return 0;
    }

    /// <summary>Runs the child once in a new process and reads its line.</summary>
    public static Result RunChild(int items)
    {
        var psi = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (Path.GetFileName(Environment.ProcessPath!) is "dotnet" or "dotnet.exe")
            psi.ArgumentList.Add(System.Reflection.Assembly.GetEntryAssembly()!.Location);
        foreach (var a in new[] { "coordinator-first-run", "--items", items.ToString(CultureInfo.InvariantCulture) }) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        var output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        var line = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault();
        if (p.ExitCode != 0 || line is null) throw new InvalidOperationException($"child exited {p.ExitCode}: {err.Result}");
        return JsonSerializer.Deserialize<Result>(line)!;
    }
}
