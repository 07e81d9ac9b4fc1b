using System.Diagnostics;
using PluginHost.Actors.Coordination;
using PluginHost.Actors.Runners;
using PluginHost.Nodes.Hosting;
using PluginHost.Shared.Runs;

namespace PluginHost.Nodes.Foreground;

/// <summary>Runs runs in the foreground of a CLI command: starts an embedded node, resumes unfinished runs, executes
/// the given run with live progress and a summary. `pluginhost run`, `resume`, `install` and `sync` all go through it.</summary>
public static class ForegroundRunner
{
    /// <summary>Runs <paramref name="spec"/> (after resuming unfinished runs); null only resumes. Returns the number of
    /// failed items of the runs it ran (the exit code, capped at 255).</summary>
    public static async Task<int> RunAsync(NodeOptions options, RunSpec? spec, TextWriter output, TextWriter error,
        Action<StepExecutorRegistry, ModuleCache>? register = null, CancellationToken cancellationToken = default)
    {
        await using var node = await PluginHostNode.StartAsync(options, register, cancellationToken);
        var interactive = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected;
        var failed = 0;
        foreach (var handle in await node.Coordinator.ResumeUnfinishedAsync(cancellationToken))
        {
            output.WriteLine($"resuming run {handle.RunId} ({handle.Spec.Kind}, {handle.Spec.Items.Count} items)");
            failed += await ShowAsync(node, handle, output, interactive, cancellationToken);
        }
        if (spec is not null)
        {
            RunHandle handle;
            try
            {
                handle = await node.Coordinator.SubmitAsync(spec, cancellationToken);
            }
            catch (RunSpecException e)
            {
                error.WriteLine($"pluginhost: {e.Message}");
                return 255;
            }
            output.WriteLine($"run {handle.RunId} ({spec.Kind}, {spec.Items.Count} items)");
            failed += await ShowAsync(node, handle, output, interactive, cancellationToken);
        }
        return Math.Min(failed, 255);
    }

    private static async Task<int> ShowAsync(PluginHostNode node, RunHandle handle, TextWriter output, bool interactive, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var view = new RunProgressView(handle.Spec, output, interactive);
        var shown = await view.ShowAsync(node.Coordinator.FollowAsync(handle.RunId, null, cancellationToken), cancellationToken);
        var completed = await handle.Completion;
        if (interactive || shown is null)
            output.WriteLine($"run {completed.RunId} completed: {completed.Succeeded} succeeded, {completed.Failed} failed");
        foreach (var row in view.Rows.Where(r => r.Failed)) output.WriteLine($"  failed: {row.Name}: {row.Status}");
        output.WriteLine($"elapsed {clock.Elapsed.TotalSeconds:0.00} s");
        return completed.Failed;
    }
}
