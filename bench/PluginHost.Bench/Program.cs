namespace PluginHost.Bench;

/// <summary>Benchmark entry point.</summary>
public static class Program
{
    /// <summary>Runs the benchmarks named on the command line.</summary>
    public static int Main(string[] args) => 0;
}
