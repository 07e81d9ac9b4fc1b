using System.Diagnostics;
using PluginHost.EndToEnd.Tests.Install;
using PluginHost.Nodes.Client;
using PluginHost.Shared.Runs;
using PluginHost.Tests.Common;
using Xunit.Abstractions;
using static PluginHost.EndToEnd.Tests.Cluster.ClusterRun;
using static PluginHost.Tests.Common.TestRepo;

namespace PluginHost.EndToEnd.Tests.Cluster;

/// The CLI's --server against a real `pluginhost node` process on 127.0.0.1 (SQLite store): runs list/show/follow,
/// sync and install sent to the node instead of an embedded one.
public sealed class ServerCliTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly string dir = Directory.CreateTempSubdirectory("pluginhost-server-cli-").FullName;
    private readonly List<NodeProcess> nodes = [];
    private NodeProcess node = null!;

    public async Task InitializeAsync()
    {
        node = await NodeProcess.StartAsync(Path.Combine(dir, "store"), "cli-node", "--runners", "4");
        nodes.Add(node);
    }

    public async Task DisposeAsync()
    {
        foreach (var n in nodes) await n.DisposeAsync();
        Directory.Delete(dir, recursive: true);
    }

    private string Server => node.Url.ToString();

    private async Task<(int ExitCode, string Stdout, string Stderr)> Pluginhost(params string[] args)
    {
        var result = await RunToEnd(args);
        output.WriteLine($"$ pluginhost {string.Join(' ', args)} -> {result.ExitCode}\n{result.Stdout}{result.Stderr}");
        return result;
    }

    [Fact]
    public async Task RunsListsShowsAndFollowsTheNodesRuns()
    {
        using var client = new PluginHostClient(node.Url);
        await client.SubmitAsync(new RunSpec("remote-run", "test", [
            new WorkItemSpec("a", "item a", [Builtin("say", "builtin:echo", "hello"), WasmStep("wasm", "echo", "from", "wasm")]),
            new WorkItemSpec("b", "item b", [Builtin("boom", "builtin:fail", "on purpose")]),
        ]));

        var follow = await Pluginhost("runs", "follow", "remote-run", "--server", Server);
        Assert.Equal(1, follow.ExitCode); // one failed item
        Assert.Contains("StepOutput a[1] stdout: wasm", follow.Stdout);
        Assert.Contains("RunCompleted succeeded=1 failed=1", follow.Stdout.Trim().Split('\n')[^1]);

        var list = await Pluginhost("runs", "--server", Server);
        Assert.Equal(0, list.ExitCode);
        Assert.Matches(@"remote-run\s+test\s+failed\s+2\s+1\s+1", list.Stdout);

        var show = await Pluginhost("runs", "show", "remote-run", "--server", Server);
        Assert.Equal(0, show.ExitCode);
        Assert.Contains("completed: 1 succeeded, 1 failed", show.Stdout);
        Assert.Contains("step 1 wasm [wasi]: completed", show.Stdout);
        Assert.Contains("stdout: from", show.Stdout);
        Assert.Contains("step 0 boom [builtin]: failed: step 0 ('boom') failed: on purpose", show.Stdout);

        var missing = await Pluginhost("runs", "show", "nope", "--server", Server);
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("no run 'nope'", missing.Stderr);
        var unreachable = await Pluginhost("runs", "--server", "http://127.0.0.1:1");
        Assert.Equal(1, unreachable.ExitCode);
        Assert.Contains("cannot reach the node at http://127.0.0.1:1/", unreachable.Stderr);
    }

    [Fact]
    public async Task SyncSendsItsRunToTheNode()
    {
        var example = Path.Combine(RepoRoot(), "examples", "icp-hello");
        var data = Path.Combine(dir, "client-data"); // the embedded node's data dir: it must stay empty

        var sync = await Pluginhost("sync", "--project", example, "--environment", "local", "--dry-run", "--server", Server, "--data-dir", data);

        Assert.True(sync.ExitCode == 0, sync.Stderr);
        Assert.Contains("accepted by " + Server, sync.Stdout);
        Assert.Contains("call query ryjl3-tyaaa-aaaaa-aaaba-cai.balance (2 bytes, 0 cycles)", node.Output); // sent by the node
        Assert.Contains("[backend] stderr: reply: 1000 ICP", sync.Stdout);
        Assert.Contains("[ledger] stderr: ledger ryjl3-tyaaa-aaaaa-aaaba-cai in local on local; backend is bkyz2-fmaaa-aaaaa-qaaaq-cai", sync.Stdout);
        Assert.Contains("completed: 3 succeeded, 0 failed", sync.Stdout);
        Assert.Contains("backend: step 1/2 plugin 0 started", sync.Stdout);
        Assert.Matches(@"(?m)^elapsed \d+\.\d\d s\r?$", sync.Stdout);
        Assert.DoesNotContain("finished", sync.Stdout);
        Assert.EndsWith("synced 3 canister(s)", sync.Stdout.Trim());
        Assert.False(File.Exists(Path.Combine(data, "akka-journal.db")), "the run went to the embedded node");
        using var client = new PluginHostClient(node.Url);
        var run = Assert.Single(await client.ListRunsAsync());
        Assert.Equal("icp-sync", run.Kind);
    }

    [Fact]
    public async Task InstallSendsItsRunToTheNodeWhichInstallsIntoTheSharedDataDirectory()
    {
        const int tools = 3;
        var site = Path.Combine(dir, "site");
        var data = Path.Combine(dir, "data");
        var config = Path.Combine(dir, "project", ".prototools");
        ToolSite.Write(site, RepoRoot(), tools, i => 4096 + i);
        using var server = new LoopbackHttpServer(site);
        Directory.CreateDirectory(Path.GetDirectoryName(config)!);
        await File.WriteAllTextAsync(config, ToolSite.ProtoTools(site, server.BaseUrl, tools));

        var install = await Pluginhost("install", "--config", config, "--data-dir", data, "--server", Server);

        Assert.True(install.ExitCode == 0, install.Stderr);
        Assert.Contains($"completed: {tools} succeeded, 0 failed", install.Stdout);
        Assert.False(File.Exists(Path.Combine(data, "akka-journal.db")), "the run went to the embedded node");
        for (var i = 0; i < tools; i++)
        {
            var bin = Path.Combine(data, "bin", $"tool{i}");
            var psi = new ProcessStartInfo(bin, "hi") { RedirectStandardOutput = true, UseShellExecute = false };
            using var process = Process.Start(psi)!;
            Assert.Equal($"tool{i} 1.0.0 hi", (await process.StandardOutput.ReadToEndAsync()).Trim());
        }
    }
}
