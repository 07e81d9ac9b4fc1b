using System.Diagnostics;
using Akka.Actor;
using PluginHost.Actors.Hosting;
using PluginHost.Actors.Runners;
using PluginHost.Actors.Runs;
using PluginHost.Shared.Runs;

namespace PluginHost.Bench.Runs;

/// <summary>One run through an embedded Akka node (sharded persistent RunEntity, runners, SQLite journal in a temp dir).</summary>
public static class AkkaRun
{
    /// <summary>What one run took, in ms: node start-up (not in <see cref="WallMs"/>), submit to RunSubmitted, and submit to RunCompleted.</summary>
    public sealed record Timing(double StartupMs, double SubmitMs, double WallMs);

    /// <summary>Runs <paramref name="items"/> one-step items on a fresh node with <paramref name="runners"/> runners.</summary>
    public static async Task<Timing> RunAsync(StepExecutorRegistry executors, StepSpec step, int items, int runners)
    {
        var dir = Directory.CreateTempSubdirectory("pluginhost-bench-akka-").FullName;
        try
        {
            await using var node = await AkkaNode.StartAsync(new AkkaNodeSettings(dir, Runners: runners), executors);
            var completed = new TaskCompletionSource<RunCompleted>(TaskCreationOptions.RunContinuationsAsynchronously);
            var watcher = node.System.ActorOf(Props.Create(() => new Watcher(completed)));
            node.System.EventStream.Subscribe(watcher, typeof(RunEventJournaled));
            var spec = new RunSpec("bench", "bench", Enumerable.Range(0, items).Select(i => new WorkItemSpec("i" + i, "item " + i, [step])).ToList());
            var clock = Stopwatch.StartNew();
            if (await node.SubmitAsync(spec) is RunRejected rejected) throw new InvalidOperationException(rejected.Reason);
            var submit = clock.Elapsed.TotalMilliseconds;
            var done = await completed.Task.WaitAsync(TimeSpan.FromMinutes(5));
            var wall = clock.Elapsed.TotalMilliseconds;
            if (done.Succeeded != items) throw new InvalidOperationException($"{done.Failed} of {items} items failed");
            return new Timing(node.StartupTime.TotalMilliseconds, submit, wall);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private sealed class Watcher : ReceiveActor
    {
        public Watcher(TaskCompletionSource<RunCompleted> completed) =>
            Receive<RunEventJournaled>(e => { if (e.Event is RunCompleted c) completed.TrySetResult(c); });
    }
}
