using System.Globalization;

namespace PluginHost.Bench;

/// <summary>Command-line options and machine facts shared by the benchmarks.</summary>
public static class BenchArgs
{
    /// <summary>The integer after <paramref name="name"/>, or <paramref name="fallback"/> when absent.</summary>
    public static int Int(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }

    /// <summary>The 1, 5 and 15 minute load averages ("unknown" when /proc is not there).</summary>
    public static string LoadAverage()
    {
        try { return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)); }
        catch (IOException) { return "unknown"; }
    }

    /// <summary>Writes <paramref name="report"/> to bench/results/<paramref name="file"/> unless --no-write was given.</summary>
    public static void WriteResult(string[] args, string file, string report)
    {
        Console.Write(report);
        if (args.Contains("--no-write")) return;
        var path = Path.Combine(RepoRoot.Find(), "bench", "results", file);
        File.WriteAllText(path, report);
        Console.WriteLine($"written {path}");
    }
}
