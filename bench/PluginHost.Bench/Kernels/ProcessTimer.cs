using System.Diagnostics;

namespace PluginHost.Bench.Kernels;

/// <summary>Runs a program as a separate process and times it on the parent's clock, spawn to exit.</summary>
public static class ProcessTimer
{
    /// <summary>One run: wall-clock milliseconds and the standard output; throws naming the command when it fails.</summary>
    public static (double Ms, string Stdout) Run(string exe, IReadOnlyList<string> args)
    {
        var psi = new ProcessStartInfo(exe) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        var sw = Stopwatch.StartNew();
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {exe}");
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        var ms = sw.Elapsed.TotalMilliseconds;
        if (p.ExitCode != 0)
            throw new InvalidOperationException($"{Path.GetFileName(exe)} {string.Join(' ', args)} exited {p.ExitCode}: {stderr.Result.Trim()}");
        return (ms, stdout);
    }

    /// <summary>The machine's load averages (1, 5, 15 min) as /proc/loadavg shows them, or "unknown".</summary>
    public static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "unknown";
        }
    }
}
