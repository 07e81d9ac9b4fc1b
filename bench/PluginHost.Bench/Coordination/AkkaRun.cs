using System.Diagnostics;
using Akka.Actor;
using PluginHost.Actors.Hosting;
using PluginHost.Actors.Runners;
using PluginHost.Actors.Runs;
using PluginHost.Shared.Runs;

namespace PluginHost.Bench.Coordination;

/// <summary>One benchmark run through an embedded Akka node (SQLite in a temp dir): timed from submit to RunCompleted.</summary>
public static class AkkaRun
{
    /// <summary>Runs <paramref name="items"/> one-step items; returns wall ms; adds the node's start-up ms to <paramref name="startups"/>.</summary>
    public static async Task<double> CoordinatedAsync(IStepExecutor wasi, IStepExecutor noop, StepSpec step, int items, int runners, List<double> startups)
    {
        var dir = Directory.CreateTempSubdirectory("akka-bench-").FullName;
        try
        {
            await using var node = await AkkaNode.StartAsync(new AkkaNodeSettings(dir, Runners: runners), new StepExecutorRegistry().Add(wasi).Add(noop));
            startups.Add(node.StartupTime.TotalMilliseconds);
            var completed = new TaskCompletionSource<RunCompleted>(TaskCreationOptions.RunContinuationsAsynchronously);
            var watcher = node.System.ActorOf(Props.Create(() => new Watcher(completed)));
            node.System.EventStream.Subscribe(watcher, typeof(RunEventJournaled));
            var spec = new RunSpec("bench", "bench", Enumerable.Range(0, items).Select(i => new WorkItemSpec("i" + i, "item " + i, [step])).ToList());
            var clock = Stopwatch.StartNew();
            if (await node.SubmitAsync(spec) is RunRejected rejected) throw new InvalidOperationException(rejected.Reason);
            Submits.Add(clock.Elapsed.TotalMilliseconds);
            var done = await completed.Task.WaitAsync(TimeSpan.FromMinutes(5));
            var elapsed = clock.Elapsed.TotalMilliseconds;
            if (done.Succeeded != items) throw new InvalidOperationException($"{done.Failed} items failed");
            return elapsed;
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>Milliseconds from submit to RunSubmitted (shard allocation, entity start, RunAccepted + ItemScheduled durable).</summary>
    public static List<double> Submits { get; } = [];

    private sealed class Watcher : ReceiveActor
    {
        public Watcher(TaskCompletionSource<RunCompleted> completed) => Receive<RunEventJournaled>(e => { if (e.Event is RunCompleted c) completed.TrySetResult(c); });
    }
}
