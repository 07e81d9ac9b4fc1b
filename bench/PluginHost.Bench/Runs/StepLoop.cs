using System.Diagnostics;
using PluginHost.Actors.Runners;
using PluginHost.Shared.Runs;

namespace PluginHost.Bench.Runs;

/// <summary>The peer of the run benchmarks: the same step and executor called in a plain loop, no actors, no journal.</summary>
public static class StepLoop
{
    /// <summary>Runs <paramref name="items"/> steps on <paramref name="threads"/> threads (items split evenly); returns wall ms.</summary>
    public static async Task<double> RunAsync(IStepExecutor executor, StepSpec step, int items, int threads = 1)
    {
        var clock = Stopwatch.StartNew();
        var loops = Enumerable.Range(0, threads).Select(t => Task.Run(async () =>
        {
            for (var i = t; i < items; i += threads)
            {
                var context = new StepContext("loop", "i" + i, 0, step, [], 1, static (_, _) => { }, CancellationToken.None);
                var result = await executor.ExecuteAsync(context);
                if (!result.Succeeded) throw new InvalidOperationException(result.Error);
            }
        }));
        await Task.WhenAll(loops);
        return clock.Elapsed.TotalMilliseconds;
    }
}
