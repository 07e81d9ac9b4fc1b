using PluginHost.Bench.Install;
using PluginHost.Bench.Kernels;
using PluginHost.Bench.Wasi;

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
            case "wasi-hash":
                return WasiHashComparison.Run(rest);
            case "install":
                return InstallBenchmark.Run(rest);
            case "proto-calls":
                return Proto.ProtoCallBenchmark.Run(rest);
            case "install-formats":
                return ArchiveFormatsBenchmark.Run(rest);
            case "coordinator":
                return Runs.CoordinatorBenchmark.Run(rest);
            case "coordinator-first-run":
                return Runs.CoordinatorFirstRun.Child(rest);
            case "runners":
                return Runs.RunnersBenchmark.Run(rest);
            case "cluster":
                return Nodes.ClusterBenchmark.Run(rest);
            case "failover":
                return Nodes.FailoverBenchmark.Run(rest);
            case "icp-sync":
                return Icp.IcpSyncComparison.Run(rest);
            case "icp-sync-first-exec":
                return Icp.IcpOurEngine.Child(rest);
            case "hosting":
                return Hosting.HostingBenchmark.Run(rest);
            case "icp-verify":
                return Icp.IcpVerifyBenchmark.Run(rest);
            case "icp-gateway":
                return Icp.IcpGatewayBenchmark.Run(rest);
            case "kernels-bdn":
                return RunBenchmarkDotNet(rest);
            default:
                Console.Error.WriteLine("usage: PluginHost.Bench <command> [options]");
                Console.Error.WriteLine("commands:");
                Console.Error.WriteLine("  kernels       compute kernels (tests/fixtures/bench/kernels.wasm), ours vs Node's V8; --help for options");
                Console.Error.WriteLine("  wasi-hash     SHA-256 of a large file by tests/fixtures/wasi/hashfile.wasm, ours vs Node's WASI");
                Console.Error.WriteLine("  install       plugin instantiate+call latency; 20-tool `pluginhost install` parallel vs one by one");
                Console.Error.WriteLine("  proto-calls   moon's real proto plugins: call latency on our Extism kernel vs @extism/extism on Node (npm ci in tests/node); --calls N --fresh N");
                Console.Error.WriteLine("  install-formats  20-tool `pluginhost install` of tar.gz/xz/bz2/zst archives, this build vs --before DLL (the build before #14)");
                Console.Error.WriteLine("  hosting       Wasmtime: 10,000 instantiate+call with pooling vs default allocator; biggest real plugin's start, cold vs warm compiled-plugin cache; --count N --plugin PATH");
                Console.Error.WriteLine("  coordinator   1,000 one-step items through the Akka run entity (embedded node, SQLite, 1 runner) vs a plain loop of the same step, on a long-lived node and as the first run of a fresh process; --items N --small M --repeat R");
                Console.Error.WriteLine("  runners       CPU-bound hashfile.wasm step through the run entity with 1 vs 2 runners, vs a plain loop on 1 and 2 threads; --items N --kib K --repeat R");
                Console.Error.WriteLine("  cluster       one run of CPU-bound items on 1, 2 and 3 `pluginhost node` processes over PostgreSQL: throughput, per core, vs a plain loop; --items N --kib K --runners R");
                Console.Error.WriteLine("  failover      3 `pluginhost node` processes on PostgreSQL: SIGKILL a runner-only node, then the run's host; time until its items run again elsewhere; --items N --runners R");
                Console.Error.WriteLine("  icp-sync      componentize-js sync plugin on Wasmtime: new process to first exec (warm artifact cache), warm instantiate, execs/s, vs Node + jco transpile (npm install in bench/node/icp-sync)");
                Console.Error.WriteLine("  icp-verify    IC certificate verification (BLS12-381 pairing check), ours vs @noble/curves on Node (npm ci in tests/node); --repeat N");
                Console.Error.WriteLine("  icp-gateway   update calls/s and latency (1 and 8 concurrent) through our IcpAgent vs @dfinity/agent on Node, same test replica (npm ci in tests/node); --calls N");
                Console.Error.WriteLine("  kernels-bdn   the same kernels on Wasmtime alone, under BenchmarkDotNet (build with -c Release)");
                return command is "" or "--help" or "-h" ? 0 : 2;
        }
    }

    /// <summary>Kept out of <see cref="Main"/> so that compiling Main does not load BenchmarkDotNet (a child process such as
    /// icp-sync-first-exec measures its own start).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static int RunBenchmarkDotNet(string[] args)
    {
        BenchmarkDotNet.Running.BenchmarkRunner.Run<KernelBenchmarks>(args: args);
        return 0;
    }
}
