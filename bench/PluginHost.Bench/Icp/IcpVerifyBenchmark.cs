using System.Diagnostics;
using System.Formats.Cbor;
using System.Text.Json;
using PluginHost.Plugins.Icp.Bls;
using PluginHost.Plugins.Icp.Certificates;

namespace PluginHost.Bench.Icp;

/// <summary>Certificate verification: ours (BLS12-381 in C#) vs @noble/curves on Node verifying the same root-hash signature.</summary>
public static class IcpVerifyBenchmark
{
    /// <summary>Runs the comparison; `--repeat N` verifications per side.</summary>
    public static int Run(string[] args)
    {
        var repeat = args.Length > 1 && args[0] == "--repeat" ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 50;
        var now = DateTimeOffset.UtcNow;
        var tree = new HashTree.Labeled("time"u8.ToArray(), new HashTree.Leaf(Leb128.WriteUnsigned((ulong)(now - DateTimeOffset.UnixEpoch).Ticks * 100)));
        byte[] message = [0x0d, .. "ic-state-root"u8, .. tree.Digest()];
        var secret = new byte[32];
        secret[31] = 42;
        var signed = Node("sign", Convert.ToHexString(secret), Convert.ToHexString(message));
        var pk = Convert.FromHexString(signed.GetProperty("pk").GetString()!);
        var sig = Convert.FromHexString(signed.GetProperty("sig").GetString()!);
        var cbor = Encode(tree, sig);
        var rootDer = BlsPublicKeyDer.Wrap(pk);
        byte[] canister = [0, 0, 0, 0, 0, 0, 0, 1, 1, 1];

        for (var i = 0; i < 3; i++) CertificateVerifier.Verify(cbor, rootDer, canister, now);
        var ours = new List<double>();
        for (var i = 0; i < repeat; i++)
        {
            var sw = Stopwatch.StartNew();
            CertificateVerifier.Verify(cbor, rootDer, canister, now);
            ours.Add(sw.Elapsed.TotalMilliseconds);
        }
        var blsOnly = new List<double>();
        for (var i = 0; i < repeat; i++)
        {
            var sw = Stopwatch.StartNew();
            if (!BlsSignature.Verify(pk, message, sig)) throw new InvalidOperationException("bench signature does not verify");
            blsOnly.Add(sw.Elapsed.TotalMilliseconds);
        }
        var noble = Node("bench", Convert.ToHexString(pk), Convert.ToHexString(message), Convert.ToHexString(sig), repeat.ToString(System.Globalization.CultureInfo.InvariantCulture)).GetDouble();
        var oursMedian = Stats.Median(ours);
        Console.WriteLine($"certificate verify (ours, C#)        median {oursMedian:F2} ms  ({repeat} runs)");
        Console.WriteLine($"BLS verify only (ours, C#)           median {Stats.Median(blsOnly):F2} ms");
        Console.WriteLine($"BLS verify (@noble/curves, Node 20)  mean   {noble:F2} ms  ({repeat} runs, after one warm-up)");
        Console.WriteLine($"ratio ours/noble                     {oursMedian / noble:F2}");
        return 0;
    }

    private static byte[] Encode(HashTree.Labeled tree, byte[] signature)
    {
        var w = new CborWriter();
        w.WriteStartMap(2);
        w.WriteTextString("tree");
        w.WriteStartArray(3); w.WriteUInt32(2); w.WriteByteString(tree.Label);
        w.WriteStartArray(2); w.WriteUInt32(3); w.WriteByteString(((HashTree.Leaf)tree.Subtree).Value); w.WriteEndArray();
        w.WriteEndArray();
        w.WriteTextString("signature");
        w.WriteByteString(signature);
        w.WriteEndMap();
        return w.Encode();
    }

    private static JsonElement Node(params string[] args)
    {
        var psi = new ProcessStartInfo("node") { WorkingDirectory = Path.Combine(RepoRoot.Find(), "tests", "node"), RedirectStandardOutput = true };
        psi.ArgumentList.Add("bls-oracle.mjs");
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var process = Process.Start(psi)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"node bls-oracle.mjs {args[0]} failed (npm ci in tests/node?)");
        return JsonDocument.Parse(output).RootElement;
    }
}
