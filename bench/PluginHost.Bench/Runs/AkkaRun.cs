using System.Diagnostics;
using Akka.Actor;
using PluginHost.Actors.Hosting;
using PluginHost.Actors.Runners;
using PluginHost.Actors.Runs;
using PluginHost.Shared.Runs;

namespace PluginHost.Bench.Runs;

/// <summary>Runs through an embedded Akka node (sharded persistent RunEntity, runners, SQLite journal in a temp dir).</summary>
public sealed class AkkaRun : IAsyncDisposable
{
    /// <summary>What one run took, in ms: node start-up (not in <see cref="WallMs"/>), submit to RunSubmitted, and submit to RunCompleted.</summary>
    public sealed record Timing(double StartupMs, double SubmitMs, double WallMs);

    private readonly string _dir;
    private readonly AkkaNode _node;
    private int _runs;

    private AkkaRun(string dir, AkkaNode node)
    {
        _dir = dir;
        _node = node;
    }

    /// <summary>How long the node's start-up took (host built to ready), in ms.</summary>
    public double StartupMs => _node.StartupTime.TotalMilliseconds;

    /// <summary>Starts a node on a fresh SQLite store with <paramref name="runners"/> runners.</summary>
    public static async Task<AkkaRun> StartAsync(StepExecutorRegistry executors, int runners)
    {
        var dir = Directory.CreateTempSubdirectory("pluginhost-bench-akka-").FullName;
        return new AkkaRun(dir, await AkkaNode.StartAsync(new AkkaNodeSettings(dir, Runners: runners), executors));
    }

    /// <summary>Runs <paramref name="items"/> one-step items on a fresh node with <paramref name="runners"/> runners.</summary>
    public static async Task<Timing> RunAsync(StepExecutorRegistry executors, StepSpec step, int items, int runners)
    {
        await using var node = await StartAsync(executors, runners);
        return await node.RunAsync(step, items);
    }

    /// <summary>Runs <paramref name="items"/> one-step items as a new run on this node.</summary>
    public async Task<Timing> RunAsync(StepSpec step, int items)
    {
        var runId = "bench-" + ++_runs;
        var completed = new TaskCompletionSource<RunCompleted>(TaskCreationOptions.RunContinuationsAsynchronously);
        var watcher = _node.System.ActorOf(Props.Create(() => new Watcher(runId, completed)));
        _node.System.EventStream.Subscribe(watcher, typeof(RunEventJournaled));
        try
        {
            var spec = new RunSpec(runId, "bench", Enumerable.Range(0, items).Select(i => new WorkItemSpec("i" + i, "item " + i, [step])).ToList());
            var clock = Stopwatch.StartNew();
            if (await _node.SubmitAsync(spec) is RunRejected rejected) throw new InvalidOperationException(rejected.Reason);
            var submit = clock.Elapsed.TotalMilliseconds;
            var done = await completed.Task.WaitAsync(TimeSpan.FromMinutes(5));
            var wall = clock.Elapsed.TotalMilliseconds;
            if (done.Succeeded != items) throw new InvalidOperationException($"{done.Failed} of {items} items failed");
            return new Timing(StartupMs, submit, wall);
        }
        finally
        {
            _node.System.Stop(watcher);
        }
    }

    /// <summary>Stops the node and deletes its store.</summary>
    public async ValueTask DisposeAsync()
    {
        await _node.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    private sealed class Watcher : ReceiveActor
    {
        public Watcher(string runId, TaskCompletionSource<RunCompleted> completed) =>
            Receive<RunEventJournaled>(e => { if (e.RunId == runId && e.Event is RunCompleted c) completed.TrySetResult(c); });
    }
}
