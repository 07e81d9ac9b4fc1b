using Akka.Actor;
using PluginHost.Actors.Hosting;
using PluginHost.Actors.Runners;
using PluginHost.Actors.Runs;
using PluginHost.Shared.Runs;

namespace PluginHost.Actors.Tests.Runs;

/// <summary>A whole embedded node (Akka.Hosting, one-node cluster, sharding with remember-entities, SQLite journal).</summary>
public sealed class AkkaNodeTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pluginhost-akka-").FullName;

    /// <inheritdoc />
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private Task<AkkaNode> StartAsync(GateExecutor executor) =>
        AkkaNode.StartAsync(new AkkaNodeSettings(_dir, Runners: 2), new StepExecutorRegistry().Add(executor));

    [Fact]
    public async Task An_unfinished_run_resumes_by_itself_after_a_restart_and_completed_steps_do_not_run_again()
    {
        var spec = new RunSpec("r1", "test", [
            new WorkItemSpec("a", "a", [GateExecutor.Step("one"), GateExecutor.Step("block")]),
            new WorkItemSpec("b", "b", [GateExecutor.Step("one"), GateExecutor.Step("block")]),
            new WorkItemSpec("c", "c", [GateExecutor.Step("one")]),
        ]);
        var before = new GateExecutor();
        await using (var node = await StartAsync(before))
        {
            Assert.IsType<RunSubmitted>(await node.SubmitAsync(spec));
            var waited = System.Diagnostics.Stopwatch.StartNew();
            while (before.Blocked < 2 && waited.Elapsed < TimeSpan.FromSeconds(20)) await Task.Delay(20);
            Assert.Equal(2, before.Blocked);
            var rejected = Assert.IsType<RunRejected>(await node.SubmitAsync(spec));
            Assert.Contains("pluginhost resume r1", rejected.Reason);
            node.StopAdmission();
            node.Abort(); // the blocked steps are cancelled: neither completed nor failed
        }
        Assert.True(File.Exists(Path.Combine(_dir, AkkaNodeSettings.SqliteFileName)));

        var after = new GateExecutor();
        after.Gate.Set();
        await using (var node = await StartAsync(after))
        {
            RunSummaryView? view = null;
            var waited = System.Diagnostics.Stopwatch.StartNew();
            while (view is not { Completed: true } && waited.Elapsed < TimeSpan.FromSeconds(30))
            {
                await Task.Delay(100);
                view = await node.Query.GetAsync("r1");
            }
            Assert.NotNull(view);
            Assert.True(view.Completed, "the run did not resume by itself");
            Assert.Equal((3, 0), (view.Succeeded, view.Failed));
            Assert.False(after.Runs.ContainsKey("a/0"));
            Assert.False(after.Runs.ContainsKey("c/0"));
            Assert.Equal(2, after.Attempts["a/1"]);
            Assert.Equal(1, after.EarlierOutputs["a/1"]);
            var types = new List<string>();
            await foreach (var (_, e) in node.Query.EventsAsync("r1")) types.Add(e.EventType);
            Assert.Equal("RunAccepted", types[0]);
            Assert.Equal("RunCompleted", types[^1]);
            Assert.Equal(3, types.Count(t => t == "ItemCompleted"));
            Assert.Equal(5, types.Count(t => t == "StepCompleted"));
            var list = await node.Query.ListAsync();
            Assert.Equal("r1", Assert.Single(list).RunId);
            var status = await node.StatusAsync("r1");
            Assert.True(status.Completed);
        }
    }

    [Fact]
    public async Task A_started_embedded_node_has_its_region_registered_and_retries_registration_every_100_ms()
    {
        await using var node = await StartAsync(new GateExecutor());
        // Answered by the coordinator only once the region's registration was acknowledged (else an empty set).
        var regions = await node.Region.Ask<Akka.Cluster.Sharding.CurrentRegions>(Akka.Cluster.Sharding.GetCurrentRegions.Instance, TimeSpan.FromSeconds(10));
        Assert.Contains(node.Cluster.SelfAddress, regions.Regions);
        Assert.Equal(TimeSpan.FromMilliseconds(100), node.System.Settings.Config.GetTimeSpan("akka.cluster.sharding.retry-interval"));
    }

    [Fact]
    public async Task A_fresh_data_dir_lists_no_runs()
    {
        await using var node = await StartAsync(new GateExecutor());
        Assert.Empty(await node.Query.ListAsync());
        Assert.Null(await node.Query.GetAsync("missing"));
    }

    [Fact]
    public void A_corrupt_store_file_is_one_line_naming_the_file()
    {
        var path = Path.Combine(_dir, AkkaNodeSettings.SqliteFileName);
        File.WriteAllBytes(path, [.. Enumerable.Repeat((byte)'x', 8192)]);
        var e = Assert.Throws<StoreException>(() => SqliteStore.Prepare(path));
        Assert.Contains(path, e.Message);
        Assert.DoesNotContain("\n", e.Message);
    }
}
