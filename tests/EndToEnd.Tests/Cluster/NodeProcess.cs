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
    private readonly StringBuilder stdout = new();
    private readonly StringBuilder stderr = new();

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
        var node = Launch(store, nodeId, FreePort(), extra);
        await node.WaitReadyAsync(TimeSpan.FromSeconds(60));
        return node;
    }

    /// Starts the process with remoting on <paramref name="remotingPort"/>, without waiting for it to be ready.
    public static NodeProcess Launch(string store, string nodeId, int remotingPort, params string[] extra)
    {
        var port = FreePort();
        var dll = Path.Combine(AppContext.BaseDirectory, "pluginhost.dll");
        var info = new ProcessStartInfo(TestRepo.DotnetPath()) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { dll, "node", "--store", store, "--listen", $"127.0.0.1:{port}", "--node-id", nodeId, "--port", $"{remotingPort}" }.Concat(extra))
            info.ArgumentList.Add(arg);
        var node = new NodeProcess(Process.Start(info)!, nodeId, port, remotingPort);
        node.process.OutputDataReceived += (_, e) => node.Append(node.stdout, e.Data);
        node.process.ErrorDataReceived += (_, e) => node.Append(node.stderr, e.Data);
        node.process.BeginOutputReadLine();
        node.process.BeginErrorReadLine();
        return node;
    }

    /// Standard error only.
    public string Stderr
    {
        get { lock (output) return stderr.ToString(); }
    }

    /// Waits until /readyz answers; throws when the process exits first or after <paramref name="limit"/>.
    public async Task WaitReadyAsync(TimeSpan limit)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + limit;
        while (true)
        {
            if (process.HasExited) throw new InvalidOperationException($"node {NodeId} exited with {process.ExitCode}:\n{Output}");
            try
            {
                if ((await http.GetAsync(new Uri(Url, "readyz"))).IsSuccessStatusCode) return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { }
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"node {NodeId} not ready after {limit.TotalSeconds:0} s:\n{Output}");
            await Task.Delay(100);
        }
    }

    /// Waits until the output holds <paramref name="text"/>; throws when the process exits first or after <paramref name="limit"/>.
    public async Task WaitForOutputAsync(string text, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            if (process.HasExited) throw new InvalidOperationException($"node {NodeId} exited with {process.ExitCode} before printing '{text}':\n{Output}");
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"node {NodeId} did not print '{text}' within {limit.TotalSeconds:0} s:\n{Output}");
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

    private void Append(StringBuilder stream, string? line)
    {
        if (line is null) return;
        lock (output)
        {
            output.AppendLine(line);
            stream.AppendLine(line);
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
