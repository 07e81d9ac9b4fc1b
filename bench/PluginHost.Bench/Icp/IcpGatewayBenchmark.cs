using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using PluginHost.Plugins.Icp;
using PluginHost.Plugins.Icp.Agent;
using PluginHost.Plugins.Icp.Identities;

namespace PluginHost.Bench.Icp;

/// <summary>Update calls/s and latency through our IcpAgent vs @dfinity/agent on Node, against one test replica (tests/node/ic/replica.mjs) in the same run.</summary>
public static class IcpGatewayBenchmark
{
    private const string Canister = "ryjl3-tyaaa-aaaaa-aaaba-cai";

    /// <summary>Runs the comparison; `--calls N` update calls per side and concurrency (1 and 8).</summary>
    public static int Run(string[] args)
    {
        var calls = args.Length > 1 && args[0] == "--calls" ? int.Parse(args[1], CultureInfo.InvariantCulture) : 100;
        var dir = Path.Combine(RepoRoot.Find(), "tests", "node");
        var replicaInfo = new ProcessStartInfo("node") { WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardInput = true };
        replicaInfo.ArgumentList.Add("ic/replica.mjs");
        using var replica = Process.Start(replicaInfo)!;
        try
        {
            var port = (replica.StandardOutput.ReadLine() ?? throw new InvalidOperationException("replica.mjs did not start (npm ci in tests/node?)")).Split(' ')[1];
            var url = new Uri($"http://127.0.0.1:{port}/");
            Console.WriteLine($"{calls} update calls (echo, 4 bytes) per row; replica tests/node/ic/replica.mjs on {url}");
            foreach (var concurrency in new[] { 1, 8 })
            {
                var (oursSeconds, oursLat) = Ours(url, calls, concurrency).GetAwaiter().GetResult();
                var (peerSeconds, peerLat) = Peer(dir, url, calls, concurrency);
                Console.WriteLine($"concurrency {concurrency}: ours {calls / oursSeconds:F1} calls/s, median {Stats.Median(oursLat):F1} ms | @dfinity/agent {calls / peerSeconds:F1} calls/s, median {Stats.Median(peerLat):F1} ms | throughput ratio ours/peer {peerSeconds / oursSeconds:F2}");
            }
            return 0;
        }
        finally
        {
            replica.StandardInput.Close();
            if (!replica.WaitForExit(3000)) replica.Kill();
        }
    }

    private static async Task<(double Seconds, List<double> Latencies)> Ours(Uri url, int calls, int concurrency)
    {
        using var http = new HttpClient();
        using var identity = new Ed25519Identity(RandomNumberGenerator.GetBytes(32));
        var rootKey = await IcpNetwork.Resolve(url.ToString()).RootKeyAsync(http, default);
        var agent = new IcpAgent(http, url, identity, rootKey);
        var canister = Principal.Parse(Canister);
        byte[] arg = [1, 2, 3, 4];
        for (var i = 0; i < 3; i++) await Call(agent, canister, arg);
        var latencies = new List<double>();
        var next = 0;
        var total = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) <= calls)
            {
                var sw = Stopwatch.StartNew();
                await Call(agent, canister, arg);
                lock (latencies) latencies.Add(sw.Elapsed.TotalMilliseconds);
            }
        }));
        return (total.Elapsed.TotalSeconds, latencies);
    }

    private static async Task Call(IcpAgent agent, byte[] canister, byte[] arg)
    {
        var reply = await agent.SubmitAsync(canister, agent.PrepareCall(canister, "echo", arg), default);
        if (reply.Error is not null) throw new InvalidOperationException($"echo failed: {reply.Error}");
    }

    private static (double Seconds, List<double> Latencies) Peer(string dir, Uri url, int calls, int concurrency)
    {
        var psi = new ProcessStartInfo("node") { WorkingDirectory = dir, RedirectStandardOutput = true };
        foreach (var a in new[] { "ic/agent-bench.mjs", url.ToString().TrimEnd('/'), Canister, calls.ToString(CultureInfo.InvariantCulture), concurrency.ToString(CultureInfo.InvariantCulture) })
            psi.ArgumentList.Add(a);
        using var process = Process.Start(psi)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException("node ic/agent-bench.mjs failed (npm ci in tests/node?)");
        var result = JsonDocument.Parse(output).RootElement;
        return (result.GetProperty("seconds").GetDouble(), result.GetProperty("latenciesMs").EnumerateArray().Select(e => e.GetDouble()).ToList());
    }
}
