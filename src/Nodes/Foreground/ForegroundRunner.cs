using System.Diagnostics;
using PluginHost.Actors.Coordination;
using PluginHost.Actors.Runners;
using PluginHost.Nodes.Hosting;
using PluginHost.Shared.Runs;

namespace PluginHost.Nodes.Foreground;

/// <summary>Runs runs in the foreground of a CLI command: starts an embedded node, resumes unfinished runs, executes
/// the given run with live progress and a summary. `pluginhost run`, `resume`, `install` and `sync` all go through it.
/// SIGTERM or Ctrl+C drains: no new step starts, running steps finish (up to the drain timeout, then they are
/// cancelled), the journal is flushed and the run is left resumable.</summary>
public static class ForegroundRunner
{
    /// <summary>Runs <paramref name="spec"/> (after resuming unfinished runs, or only <paramref name="resumeRunId"/>
    /// when given); null only resumes.</summary>
    public static async Task<ForegroundResult> RunAsync(NodeOptions options, RunSpec? spec, TextWriter output, TextWriter error,
        Action<StepExecutorRegistry, ModuleCache>? register = null, CancellationToken cancellationToken = default, string? resumeRunId = null)
    {
        await using var node = await PluginHostNode.StartAsync(options, register, cancellationToken);
        var interactive = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected;
        Task<IReadOnlyList<string>>? drain = null;
        using var signals = new ShutdownSignals(
            signal =>
            {
                error.WriteLine($"pluginhost: {signal} received: starting no new steps, letting running ones finish " +
                                $"(up to {options.DrainTimeout.TotalSeconds:0} s); send it again to cancel them");
                drain = node.Coordinator.DrainAsync(options.DrainTimeout);
            },
            () =>
            {
                error.WriteLine("pluginhost: second signal: cancelling the running steps (they run again on resume)");
                node.Coordinator.Abort();
            });

        var failed = 0;
        var interrupted = new List<string>();
        IReadOnlyList<RunHandle> resumed;
        if (resumeRunId is null) resumed = await node.Coordinator.ResumeUnfinishedAsync(cancellationToken);
        else if (await node.Coordinator.ResumeAsync(resumeRunId, cancellationToken) is { } one) resumed = [one];
        else
        {
            output.WriteLine($"run {resumeRunId} already finished; nothing to resume");
            resumed = [];
        }
        foreach (var handle in resumed)
        {
            output.WriteLine($"resuming run {handle.RunId} ({handle.Spec.Kind}, {handle.Spec.Items.Count} items)");
            if (await ShowAsync(node, handle, output, interactive, cancellationToken) is { } count) failed += count;
            else interrupted.Add(handle.RunId);
        }
        var notSubmitted = false;
        if (spec is not null)
        {
            if (node.Coordinator.IsDraining)
            {
                error.WriteLine($"pluginhost: run {spec.RunId} was not started: {signals.Received} came first (nothing of it was journaled)");
                notSubmitted = true;
            }
            else
            {
                RunHandle handle;
                try
                {
                    handle = await node.Coordinator.SubmitAsync(spec, cancellationToken);
                }
                catch (RunSpecException e)
                {
                    error.WriteLine($"pluginhost: {e.Message}");
                    return new ForegroundResult(255, []);
                }
                output.WriteLine($"run {handle.RunId} ({spec.Kind}, {spec.Items.Count} items)");
                if (await ShowAsync(node, handle, output, interactive, cancellationToken) is { } count) failed += count;
                else interrupted.Add(handle.RunId);
            }
        }

        if (drain is not null) await drain; // every run has stopped and its journal writes are durable
        if (interrupted.Count == 0 && !notSubmitted) return new ForegroundResult(failed, []);
        var dataDir = options.DataDirectory == NodeOptions.DefaultDataDirectory ? "" : $" --data-dir {Quote(node.DataDirectory)}";
        foreach (var runId in interrupted)
            error.WriteLine($"pluginhost: run {runId} was interrupted by {signals.Received ?? "a shutdown"}; every step that finished is journaled. " +
                            $"Resume it with: pluginhost resume {runId}{dataDir}");
        return new ForegroundResult(failed, interrupted, signals.Received is null ? 130 : signals.ExitCode);
    }

    // Shows a run until it ends; returns its failed item count, or null when it was interrupted.
    private static async Task<int?> ShowAsync(PluginHostNode node, RunHandle handle, TextWriter output, bool interactive, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var view = new RunProgressView(handle.Spec, output, interactive);
        var shown = await view.ShowAsync(node.Coordinator.FollowAsync(handle.RunId, null, cancellationToken), cancellationToken);
        RunCompleted completed;
        try
        {
            completed = await handle.Completion;
        }
        catch (OperationCanceledException)
        {
            var done = view.Rows.Count(r => r.Finished);
            output.WriteLine($"run {handle.RunId} interrupted: {done} of {view.Rows.Count} items done");
            output.WriteLine($"elapsed {clock.Elapsed.TotalSeconds:0.00} s");
            return null;
        }
        if (interactive || shown is null)
            output.WriteLine($"run {completed.RunId} completed: {completed.Succeeded} succeeded, {completed.Failed} failed");
        foreach (var row in view.Rows.Where(r => r.Failed)) output.WriteLine($"  failed: {row.Name}: {row.Status}");
        output.WriteLine($"elapsed {clock.Elapsed.TotalSeconds:0.00} s");
        return completed.Failed;
    }

    private static string Quote(string path) => path.Contains(' ', StringComparison.Ordinal) ? $"'{path}'" : path;
}
