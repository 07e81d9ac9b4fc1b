using System.Net;
using System.Text;
using Microsoft.Data.Sqlite;
using PluginHost.Nodes.Client;
using PluginHost.Shared.Runs;
using Xunit.Abstractions;
using static PluginHost.EndToEnd.Tests.Cluster.ClusterRun;
using static PluginHost.Tests.Common.TestRepo;

namespace PluginHost.EndToEnd.Tests.Cluster;

/// <summary>Bad input to a real `pluginhost node` process on SQLite over HTTP on 127.0.0.1: a run journal holding an event
/// this version does not know, a malformed body, an unknown run: a JSON reason, no stack trace, and the node keeps serving.</summary>
public sealed class NodeBadInputTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Line = "the journal of run hello holds an event 'future-event' this PluginHost does not know (written by another version): " +
                                "read the run with the PluginHost that wrote it";

    private readonly string store = Path.Combine(Directory.CreateTempSubdirectory("pluginhost-bad-input-").FullName, "store");
    private readonly HttpClient http = new() { Timeout = TimeSpan.FromSeconds(60) };
    private NodeProcess? node;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        http.Dispose();
        if (node is not null)
        {
            output.WriteLine(node.Output);
            await node.DisposeAsync();
        }
        Directory.Delete(Path.GetDirectoryName(store)!, recursive: true);
    }

    // A node over a store whose run 'hello' holds an event of an unknown manifest, with a second, readable run 'fine'.
    private async Task<NodeProcess> StartOverAnUnreadableRunAsync()
    {
        var (code, _, stderr) = await RunToEnd("run", Path.Combine(RepoRoot(), "examples", "runs", "hello.json"), "--data-dir", store);
        Assert.True(code == 0, stderr);
        using (var connection = new SqliteConnection($"Data Source={Path.Combine(store, "akka-journal.db")};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "UPDATE journal SET manifest = 'future-event' WHERE persistence_id = 'run-hello' AND sequence_number = 3";
            Assert.Equal(1, command.ExecuteNonQuery());
        }
        node = await NodeProcess.StartAsync(store, "bad-input-node");
        http.BaseAddress = node.Url;
        using var client = new PluginHostClient(node.Url);
        await client.SubmitAsync(new RunSpec("fine", "test", [new WorkItemSpec("a", "item a", [Builtin("say", "builtin:echo", "hello")])]));
        await foreach (var _ in client.FollowAsync("fine")) { }
        return node;
    }

    private async Task<(HttpStatusCode Status, string Body)> GetAsync(string path)
    {
        using var response = await http.GetAsync(path);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static void IsJsonError(string body, string reason) =>
        Assert.Equal(reason, System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("error").GetString());

    [Fact]
    public async Task AnUnknownManifestIsAJsonErrorNamingTheRunAndTheNodeKeepsServing()
    {
        var n = await StartOverAnUnreadableRunAsync();

        var show = await GetAsync("runs/hello");
        Assert.Equal(HttpStatusCode.InternalServerError, show.Status);
        IsJsonError(show.Body, Line);
        var list = await GetAsync("runs");
        Assert.Equal(HttpStatusCode.InternalServerError, list.Status);
        IsJsonError(list.Body, Line);
        var events = await GetAsync("runs/hello/events?follow=false");
        Assert.Equal(HttpStatusCode.InternalServerError, events.Status);
        IsJsonError(events.Body, Line);

        var fine = await GetAsync("runs/fine");
        Assert.Equal(HttpStatusCode.OK, fine.Status);
        Assert.Contains("\"fine\"", fine.Body);

        foreach (var args in new[] { new[] { "runs", "show", "hello" }, ["runs"] })
        {
            var (code, stdout, stderr) = await RunToEnd([.. args, "--server", n.Url.ToString()]);
            Assert.Equal(2, code);
            Assert.Equal($"pluginhost {string.Join(' ', args.Where(a => a != "hello"))}: {Line}", stderr.Trim());
            Assert.DoesNotContain("   at ", stdout + stderr);
        }
        Assert.Contains(Line, n.Output);
        Assert.DoesNotContain("   at ", n.Output);
    }

    [Fact]
    public async Task AMalformedBodyOrAnUnknownRunIsAJsonReasonAndNoStackTrace()
    {
        var n = await StartOverAnUnreadableRunAsync();

        using var malformed = await http.PostAsync("runs", new StringContent("{ not json", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.True(System.Text.Json.JsonDocument.Parse(await malformed.Content.ReadAsStringAsync()).RootElement.TryGetProperty("error", out _));
        using var invalid = await http.PostAsync("runs", new StringContent("{\"runId\":\"\",\"items\":[]}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.True(System.Text.Json.JsonDocument.Parse(await invalid.Content.ReadAsStringAsync()).RootElement.TryGetProperty("error", out _));
        var missing = await GetAsync("runs/nope");
        Assert.Equal(HttpStatusCode.NotFound, missing.Status);
        IsJsonError(missing.Body, "no run 'nope'");
        var missingEvents = await GetAsync("runs/nope/events");
        Assert.Equal(HttpStatusCode.NotFound, missingEvents.Status);
        IsJsonError(missingEvents.Body, "no run 'nope'");

        Assert.Equal(HttpStatusCode.OK, (await GetAsync("runs/fine")).Status);
        Assert.DoesNotContain("   at ", n.Output);
    }
}
