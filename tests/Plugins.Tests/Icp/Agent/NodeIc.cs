using System.Diagnostics;
using System.Text.Json;
using PluginHost.Tests.Common;

namespace PluginHost.Plugins.Tests.Icp.Agent;

/// <summary>Runs tests/node/ic/oracle.mjs, and starts tests/node/ic/replica.mjs on 127.0.0.1 (stopped on dispose).</summary>
internal sealed class NodeIc : IDisposable
{
    private static string Dir => Path.Combine(TestRepo.RepoRoot(), "tests", "node");
    private readonly Process _process;

    private NodeIc(Process process, Uri url)
    {
        _process = process;
        Url = url;
    }

    public Uri Url { get; }

    public static string Oracle(params string[] args)
    {
        var psi = new ProcessStartInfo("node") { WorkingDirectory = Dir, RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add("ic/oracle.mjs");
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEnd();
        var stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"oracle.mjs {string.Join(' ', args)} failed: {stderr}");
        return stdout.Trim();
    }

    public static JsonElement OracleJson(params string[] args) => JsonDocument.Parse(Oracle(args)).RootElement;

    public static NodeIc StartReplica(params string[] args)
    {
        var psi = new ProcessStartInfo("node") { WorkingDirectory = Dir, RedirectStandardOutput = true, RedirectStandardInput = true };
        psi.ArgumentList.Add("ic/replica.mjs");
        foreach (var a in args) psi.ArgumentList.Add(a);
        var p = Process.Start(psi)!;
        var line = p.StandardOutput.ReadLine() ?? throw new InvalidOperationException("replica.mjs exited before listening");
        return new NodeIc(p, new Uri($"http://127.0.0.1:{line.Split(' ')[1]}/"));
    }

    public JsonElement Calls()
    {
        using var http = new HttpClient();
        return JsonDocument.Parse(http.GetStringAsync(new Uri(Url, "calls")).GetAwaiter().GetResult()).RootElement;
    }

    public void Dispose()
    {
        try { _process.StandardInput.Close(); if (!_process.WaitForExit(3000)) _process.Kill(); }
        catch (InvalidOperationException) { }
        _process.Dispose();
    }
}
