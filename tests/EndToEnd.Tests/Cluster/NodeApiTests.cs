using PluginHost.Actors.Runners;
using PluginHost.Actors.Runs;
using System.Net;
using System.Text;
using PluginHost.Tests.Common;
using PluginHost.Nodes.Client;
using PluginHost.Nodes.Server;
using PluginHost.Shared.Runs;

namespace PluginHost.EndToEnd.Tests.Cluster;

/// The HTTP API of a real node on a loopback port, over one store; run for SQLite and PostgreSQL.
public abstract class NodeApiTests : IAsyncLifetime
{
    private NodeServer node = null!;
    private readonly HttpClient http = new() { Timeout = TimeSpan.FromSeconds(60) };

    protected abstract Task<StoreLocation> CreateStoreAsync();

    protected PluginHostClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var port = NodeProcess.FreePort();
        node = await NodeServer.StartAsync(new NodeSettings
        {
            Store = await CreateStoreAsync(), Listen = $"127.0.0.1:{port}", NodeId = "api-node", AdvertisedAddress = $"http://127.0.0.1:{port}", Runners = 2,
            RemotingPort = NodeProcess.FreePort(),
        }, TextWriter.Null);
        Client = new PluginHostClient(new Uri($"http://127.0.0.1:{port}/"));
        http.BaseAddress = Client.Server;
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        http.Dispose();
        await node.DisposeAsync();
    }

    private static RunSpec Spec(string runId, string plugin = "builtin:echo", string input = "hello", int items = 3) => new(runId, "sync",
        Enumerable.Range(0, items).Select(i => new WorkItemSpec($"i{i}", $"item {i}", [new StepSpec("s", plugin, Payload.OfText(input), StepLimits.Default, BuiltinStepExecutor.StepKind)])).ToList());

    [Fact]
    public async Task HealthAndReadinessAnswer()
    {
        Assert.Equal("ok\n", await http.GetStringAsync("healthz"));
        Assert.Equal("ready\n", await http.GetStringAsync("readyz"));
    }

    [Fact]
    public async Task ASubmittedRunIsRunFollowedAndListed()
    {
        var accepted = await Client.SubmitAsync(Spec("r1"));
        Assert.Equal("r1", accepted.RunId);
        Assert.Equal("/runs/r1", accepted.Location);

        var events = new List<JournalEntry>();
        await foreach (var entry in Client.FollowAsync("r1")) events.Add(entry);

        Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (long)i), events.Select(e => e.Sequence));
        Assert.IsType<RunAccepted>(events[0].Event);
        Assert.Equal(3, events.Count(e => e.Event is ItemCompleted { Outcome: ItemOutcome.Succeeded }));
        Assert.Equal(3, events.Count(e => e.Event is StepOutput { Data.Text: "hello" }));
        Assert.IsType<RunCompleted>(events[^1].Event);
        var details = await Client.GetRunAsync("r1");
        Assert.Equal(RunState.Completed, details.Run.State);
        Assert.All(details.Items, i => Assert.Equal(WorkItemState.Succeeded, i.State));
        Assert.Equal(["r1"], (await Client.ListRunsAsync()).Select(r => r.RunId));
    }

    [Fact]
    public async Task FollowingFromTheMiddleReplaysOnlyTheRestAndLiveEventsArrive()
    {
        await Client.SubmitAsync(Spec("slow", "builtin:sleep", "300", items: 2));
        var seen = new List<long>();
        await foreach (var entry in Client.FollowAsync("slow", fromSequence: 3)) seen.Add(entry.Sequence);

        Assert.Equal(3, seen[0]);
        Assert.Equal(Enumerable.Range(3, seen.Count).Select(i => (long)i), seen);
        var all = new List<(long Sequence, RunEvent Event)>();
        await foreach (var entry in node.Node.Query.EventsAsync("slow")) all.Add(entry);
        Assert.Equal(all[^1].Sequence, seen[^1]);
        Assert.IsType<RunCompleted>(all[^1].Event);
    }

    [Fact]
    public async Task ServerSentEventsHaveIdsEventNamesAndJsonData()
    {
        await Client.SubmitAsync(Spec("sse", items: 1));
        var text = await http.GetStringAsync("runs/sse/events");

        Assert.StartsWith("id: 1\nevent: RunAccepted\ndata: {", text);
        Assert.Contains("\nevent: RunCompleted\ndata: ", text);
        Assert.EndsWith("\n\n", text);
    }

    [Fact]
    public async Task BadSubmissionsAreRefusedWithTheReason()
    {
        var bad = await http.PostAsync("runs", new StringContent("{\"runId\":\"x\"}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("invalid run spec JSON", await bad.Content.ReadAsStringAsync());

        var dup = await http.PostAsync("runs", new StringContent(
            RunJson.Serialize(new RunSpec("d", "sync", [new WorkItemSpec("a", "a", []), new WorkItemSpec("a", "b", [])])), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, dup.StatusCode);
        Assert.Contains("'a' is used twice", await dup.Content.ReadAsStringAsync());

        var unknown = await http.PostAsync("runs", new StringContent(RunJson.Serialize(new RunSpec("k", "sync",
            [new WorkItemSpec("a", "a", [new StepSpec("s", "x.wasm", Payload.Empty, StepLimits.Default, "wasm")])])), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("items[0].steps[0] ('s') has kind 'wasm', which the cluster's nodes cannot run (known: builtin, icp-plugin, icp-script, proto-install, wasi)",
            await unknown.Content.ReadAsStringAsync());

        await Client.SubmitAsync(Spec("twice", items: 1));
        var e = await Assert.ThrowsAsync<PluginHostClientException>(() => Client.SubmitAsync(Spec("twice", items: 1)));
        Assert.Contains("409", e.Message);
        Assert.Contains("run 'twice' already exists", e.Message);
    }

    [Fact]
    public async Task TheCliSubmitsToTheServerAndFollowsTheRun()
    {
        var spec = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(spec, RunJson.Serialize(Spec("cli", items: 2) with
            {
                Items = [.. Spec("cli", items: 1).Items, new WorkItemSpec("bad", "bad", [new StepSpec("s", "builtin:fail", Payload.OfText("nope"), StepLimits.Default, BuiltinStepExecutor.StepKind)])],
            }));
            var output = new StringWriter();
            var error = new StringWriter();

            var exit = await Task.Run(() => PluginHost.Nodes.Commands.Cli.Run(["run", spec, "--server", Client.Server.ToString()], output, error));

            Assert.True(exit == 1, $"exit {exit}: {output}\n{error}"); // one failed item
            Assert.Matches(@"(?m)^run cli \(\S+, 2 items\) accepted by ", output.ToString());
            Assert.Matches(@"(?m)^[^\n]+: succeeded\r?$", output.ToString());
            Assert.Contains("bad: step 1/1 s failed", output.ToString());
            Assert.Single(System.Text.RegularExpressions.Regex.Matches(output.ToString(), "nope"));
            Assert.Contains("run cli completed: 1 succeeded, 1 failed", output.ToString());
            Assert.Equal("", error.ToString());
        }
        finally
        {
            File.Delete(spec);
        }
    }

    [Fact]
    public async Task UnknownRunsAre404()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("runs/nope")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("runs/nope/events")).StatusCode);
    }

    [Fact]
    public async Task TheNodeListsItselfUp()
    {
        var self = Assert.Single(await Client.ListNodesAsync());
        Assert.Equal("api-node", self.NodeId);
        Assert.Equal("up", self.State);
        Assert.Equal((2, 0, 2), (self.Runners, self.Busy, self.Idle));
        Assert.True(self.IsSelf);
        Assert.StartsWith("akka.tcp://pluginhost@127.0.0.1:", self.Address);
        Assert.Equal(Client.Server.ToString().TrimEnd('/'), self.HttpAddress);
    }

    [Fact]
    public async Task AFailingStepFailsTheRun()
    {
        await Client.SubmitAsync(Spec("bad", "builtin:fail", "boom", items: 1));
        var events = new List<RunEvent>();
        await foreach (var entry in Client.FollowAsync("bad")) events.Add(entry.Event);

        Assert.Contains(events, e => e is StepFailed f && f.Error.Contains("boom"));
        Assert.Equal(RunState.Failed, (await Client.GetRunAsync("bad")).Run.State);
    }
}

public sealed class SqliteNodeApiTests : NodeApiTests, IDisposable
{
    private readonly DirectoryInfo dir = Directory.CreateTempSubdirectory("pluginhost-node-");

    protected override Task<StoreLocation> CreateStoreAsync() => Task.FromResult(StoreLocation.Parse(dir.FullName));

    public void Dispose() => dir.Delete(recursive: true);
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresNodeApiTests(PostgresServerFixture server) : NodeApiTests
{
    protected override async Task<StoreLocation> CreateStoreAsync() => StoreLocation.Parse(await server.CreateSchemaAsync());

    [Fact]
    public void PostgresUrlsBecomeConnectionStrings()
    {
        var store = StoreLocation.Parse("postgres://alice:s3cr%40t@db.example:6543/runs?Timeout=7");
        Assert.Contains("Host=db.example", store.PostgresConnectionString);
        Assert.Contains("Port=6543", store.PostgresConnectionString);
        Assert.Contains("Username=alice", store.PostgresConnectionString);
        Assert.Contains("Password=s3cr@t", store.PostgresConnectionString);
        Assert.Contains("Database=runs", store.PostgresConnectionString);
        Assert.Contains("Timeout=7", store.PostgresConnectionString);
        Assert.DoesNotContain("s3cr", store.ToString());
        Assert.Throws<FormatException>(() => StoreLocation.Parse("mysql://x/y"));
    }
}
