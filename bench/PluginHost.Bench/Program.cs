using PluginHost.Bench.Kernels;

namespace PluginHost.Bench;

/// <summary>Benchmark entry point.</summary>
public static class Program
{
    /// <summary>Runs the benchmark named by the first argument.</summary>
    public static int Main(string[] args)
    {
        var command = args.Length > 0 ? args[0] : "";
        var rest = args.Skip(1).ToArray();
        switch (command)
        {
            case "kernels":
                return KernelComparison.Run(rest);
            case "coordinator":
                return Coordination.CoordinatorBenchmark.Run(rest);
            case "kernels-bdn":
                BenchmarkDotNet.Running.BenchmarkRunner.Run<KernelBenchmarks>(args: rest);
                return 0;
            default:
                Console.Error.WriteLine("usage: PluginHost.Bench <command> [options]");
                Console.Error.WriteLine("commands:");
                Console.Error.WriteLine("  kernels       compute kernels (tests/fixtures/bench/kernels.wasm), ours vs Node's V8; --help for options");
                Console.Error.WriteLine("  coordinator   1,000 items through coordinator + runners + SQLite journal vs a plain loop; --items N --repeat R");
                Console.Error.WriteLine("  kernels-bdn   the same kernels on our engine alone, under BenchmarkDotNet (build with -c Release)");
                return command is "" or "--help" or "-h" ? 0 : 2;
        }
    }
}
