using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using PluginHost.Tests.Common;

namespace PluginHost.EndToEnd.Tests.Cluster;

/// A real `pluginhost node` process (an Akka.NET cluster member) with its HTTP API and remoting on free loopback
/// ports; its output is kept for failure messages.
public sealed class NodeProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();

    private NodeProcess(Process process, string nodeId, int port, int remotingPort)
    {
        this.process = process;
        NodeId = nodeId;
        Url = new Uri($"http://127.0.0.1:{port}/");
        RemotingPort = remotingPort;
    }

    /// The member's remoting port.
    public int RemotingPort { get; }

    /// The member's address, for other nodes' --seed.
    public string Seed => $"akka.tcp://pluginhost@127.0.0.1:{RemotingPort}";

    /// The process id.
    public int Pid => process.Id;

    public string NodeId { get; }

    public Uri Url { get; }

    public string Output
    {
        get { lock (output) return output.ToString(); }
    }

    public static async Task<NodeProcess> StartAsync(string store, string nodeId, params string[] extra)
    {
        var port = FreePort();
        var remotingPort = FreePort();
        var dll = Path.Combine(AppContext.BaseDirectory, "pluginhost.dll");
        var info = new ProcessStartInfo(TestRepo.DotnetPath()) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { dll, "node", "--store", store, "--listen", $"127.0.0.1:{port}", "--node-id", nodeId, "--port", $"{remotingPort}" }.Concat(extra))
            info.ArgumentList.Add(arg);
        var node = new NodeProcess(Process.Start(info)!, nodeId, port, remotingPort);
        node.process.OutputDataReceived += (_, e) => node.Append(e.Data);
        node.process.ErrorDataReceived += (_, e) => node.Append(e.Data);
        node.process.BeginOutputReadLine();
        node.process.BeginErrorReadLine();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            if (node.process.HasExited) throw new InvalidOperationException($"node {nodeId} exited with {node.process.ExitCode}:\n{node.Output}");
            try
            {
                if ((await http.GetAsync(new Uri(node.Url, "readyz"))).IsSuccessStatusCode) return node;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { }
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"node {nodeId} not ready after 60 s:\n{node.Output}");
            await Task.Delay(100);
        }
    }

    /// SIGKILL: no drain, no leaving: the others find it unreachable and down it.
    public void Kill() => process.Kill(entireProcessTree: true);

    public bool HasExited => process.HasExited;

    /// SIGTERM: the node drains (starts no step, finishes the running ones), leaves the cluster and exits with 143.
    public void Terminate() => TestRepo.SendSignal(process.Id, "-TERM");

    /// Waits for the process to exit by itself; returns its exit code, or null when it is still running after the limit.
    public async Task<int?> WaitForExitAsync(TimeSpan limit)
    {
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
            return process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited) process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
        process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (output) output.AppendLine(line);
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
