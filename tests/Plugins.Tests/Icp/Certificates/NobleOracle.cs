using System.Diagnostics;
using System.Text.Json;
using PluginHost.Tests.Common;

namespace PluginHost.Plugins.Tests.Icp.Certificates;

/// <summary>Runs tests/node/bls-oracle.mjs (@noble/curves on Node) and parses its JSON.</summary>
internal static class NobleOracle
{
    public static JsonElement Run(params string[] args)
    {
        var dir = Path.Combine(TestRepo.RepoRoot(), "tests", "node");
        var psi = new ProcessStartInfo("node") { WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add("bls-oracle.mjs");
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEnd();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"bls-oracle.mjs {string.Join(' ', args)} failed: {stderr}");
        return JsonDocument.Parse(stdout).RootElement;
    }

    public static (byte[] PublicKey, byte[] Signature) Sign(byte[] secretKey, byte[] message)
    {
        var r = Run("sign", Convert.ToHexString(secretKey), Convert.ToHexString(message));
        return (Convert.FromHexString(r.GetProperty("pk").GetString()!), Convert.FromHexString(r.GetProperty("sig").GetString()!));
    }
}
