using System.Diagnostics;
using PluginHost.Actors.Runners;
using PluginHost.Actors.Runs;
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
        var akka = node.Akka;
        var interactive = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected;
        var active = new List<string>();
        using var stopFollowing = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task? drain = null;
        using var signals = new ShutdownSignals(
            signal =>
            {
                error.WriteLine($"pluginhost: {signal} received: starting no new steps, letting running ones finish " +
                                $"(up to {options.DrainTimeout.TotalSeconds:0} s); send it again to cancel them");
                drain = Task.Run(async () =>
                {
                    if (!await akka.DrainAsync(options.DrainTimeout))
                        node.Log.Warning("Drain timeout of {Timeout} reached: cancelled the steps still running; they run again on resume", options.DrainTimeout);
                    await FlushAsync(akka, active);
                    stopFollowing.Cancel();
                });
            },
            () =>
            {
                error.WriteLine("pluginhost: second signal: cancelling the running steps (they run again on resume)");
                akka.Abort();
            });

        using var locks = new RunLocks(node.DataDirectory);
        var failed = 0;
        var interrupted = new List<string>();
        var storeFailed = false;
        var resumed = new List<RunSpec>();
        foreach (var runId in await ToResumeAsync(node, resumeRunId, output, error, cancellationToken))
        {
            if (await SpecOfAsync(akka.Query, runId, cancellationToken) is not { } resumedSpec) continue;
            if (UnknownKind(resumedSpec, node.Executors) is { } unknown)
            {
                error.WriteLine($"pluginhost: run {runId} not resumed: {unknown}");
                continue;
            }
            lock (active) active.Add(runId);
            locks.Hold(runId);
            if (await akka.ResumeAsync(runId, cancellationToken) is RunRejected rejected)
            {
                locks.Release(runId);
                error.WriteLine($"pluginhost: {rejected.Reason}");
                continue;
            }
            resumed.Add(resumedSpec);
        }
        foreach (var run in resumed)
        {
            output.WriteLine($"resuming run {run.RunId} ({run.Kind}, {Lines.Count(run.Items.Count, "item")})");
            Tally(await ShowAsync(akka, run, output, error, interactive, stopFollowing.Token));
        }
        var notSubmitted = false;
        if (spec is not null)
        {
            if (akka.IsDraining)
            {
                error.WriteLine($"pluginhost: run {spec.RunId} was not started: {signals.Received} came first (nothing of it was journaled)");
                notSubmitted = true;
            }
            else
            {
                lock (active) active.Add(spec.RunId);
                locks.Hold(spec.RunId);
                if (await akka.SubmitAsync(spec, cancellationToken) is RunRejected rejected)
                {
                    locks.Release(spec.RunId); // nothing of it ran here
                    if (rejected.Exists) throw new RunExistsException(spec.RunId);
                    throw new RunRejectedException(rejected.Reason);
                }
                output.WriteLine($"run {spec.RunId} ({spec.Kind}, {Lines.Count(spec.Items.Count, "item")})");
                Tally(await ShowAsync(akka, spec, output, error, interactive, stopFollowing.Token));
            }
        }

        if (drain is not null) await drain; // every runner is idle
        await FlushAsync(akka, interrupted); // and what their steps returned is durable
        if (interrupted.Count == 0 && !notSubmitted) return new ForegroundResult(failed, []);
        var dataDir = options.DataDirectory == NodeOptions.DefaultDataDirectory ? "" : $" --data-dir {Quote(node.DataDirectory)}";
        foreach (var runId in interrupted)
            error.WriteLine($"pluginhost: run {runId} was interrupted by {(storeFailed ? "a journal failure" : signals.Received ?? "a shutdown")}; " +
                            $"every step that finished is journaled. Resume it with: pluginhost resume {runId}{dataDir}");
        return new ForegroundResult(failed, interrupted, storeFailed ? ExitCodes.Failed : signals.Received is null ? 130 : signals.ExitCode);

        void Tally((string RunId, int? Failed, bool StoreFailed) shown)
        {
            if (shown.Failed is { } count)
            {
                failed += count;
                locks.Finished(shown.RunId);
            }
            else interrupted.Add(shown.RunId);
            storeFailed |= shown.StoreFailed;
        }
    }

    // The runs to resume: every unfinished one, or the one asked for.
    private static async Task<IReadOnlyList<string>> ToResumeAsync(PluginHostNode node, string? resumeRunId, TextWriter output, TextWriter error,
        CancellationToken cancellationToken)
    {
        if (resumeRunId is null)
            return (await node.Akka.Query.ListAsync(cancellationToken)).Where(r => !r.Completed).Select(r => r.RunId).ToList();
        var view = await node.Akka.Query.GetAsync(resumeRunId, cancellationToken);
        if (view is null) throw new RunNotFoundException($"run '{resumeRunId}' is not in the journal");
        if (!view.Completed) return [resumeRunId];
        output.WriteLine($"run {resumeRunId} already finished; nothing to resume");
        return [];
    }

    private static async Task<RunSpec?> SpecOfAsync(RunsQuery query, string runId, CancellationToken cancellationToken)
    {
        await foreach (var (_, e) in query.EventsAsync(runId, 1, follow: false, cancellationToken))
            return (e as RunAccepted)?.Spec;
        return null;
    }

    private static string? UnknownKind(RunSpec spec, StepExecutorRegistry executors) =>
        spec.Items.SelectMany(i => i.Steps).FirstOrDefault(s => executors.Find(s.EffectiveKind) is null) is { } step
            ? $"step '{step.Name}' has kind '{step.EffectiveKind}', which this command cannot run (known: {string.Join(", ", executors.Kinds)})"
            : null;

    // Every write a run's entity queued is durable once it answers a status request.
    private static async Task FlushAsync(Actors.Hosting.AkkaNode akka, List<string> runs)
    {
        string[] ids;
        lock (runs) ids = [.. runs];
        foreach (var runId in ids)
        {
            try { await akka.StatusAsync(runId); }
            catch (Exception e) when (e is Akka.Actor.AskTimeoutException or TaskCanceledException) { }
        }
    }

    // Shows a run until it ends; returns its failed item count, or null when it was interrupted.
    private static async Task<(string RunId, int? Failed, bool StoreFailed)> ShowAsync(Actors.Hosting.AkkaNode akka, RunSpec spec,
        TextWriter output, TextWriter error, bool interactive, CancellationToken stop)
    {
        var clock = Stopwatch.StartNew();
        var view = new RunProgressView(spec, output, interactive);
        RunCompleted? completed = null;
        var storeFailed = false;
        try
        {
            completed = await view.ShowAsync(akka.FollowAsync(spec.RunId, stop), stop);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        catch (RunStoppedException e)
        {
            error.WriteLine($"pluginhost: {e.Message}");
            storeFailed = true;
        }
        if (completed is null)
        {
            var done = view.Rows.Count(r => r.Finished);
            output.WriteLine($"run {spec.RunId} interrupted: {done} of {Lines.Count(view.Rows.Count, "item")} done");
            output.WriteLine($"elapsed {clock.Elapsed.TotalSeconds:0.00} s");
            return (spec.RunId, null, storeFailed);
        }
        if (interactive)
            output.WriteLine($"run {completed.RunId} completed: {completed.Succeeded} succeeded, {completed.Failed} failed");
        // Each failed item's error was shown with it (a line, or the table): the summary only names them.
        if (view.Rows.Where(r => r.Failed).Select(r => r.Name).ToList() is { Count: > 0 } failedNames)
            output.WriteLine($"failed: {string.Join(", ", failedNames)}");
        output.WriteLine($"elapsed {clock.Elapsed.TotalSeconds:0.00} s");
        return (spec.RunId, completed.Failed, false);
    }

    private static string Quote(string path) => path.Contains(' ', StringComparison.Ordinal) ? $"'{path}'" : path;
}

/// <summary>The run asked for is not in the journal.</summary>
public sealed class RunNotFoundException(string message) : Exception(message);

/// <summary>A submitted run's id is already in the journal.</summary>
public sealed class RunExistsException(string runId) : Exception($"run {runId} already exists")
{
    /// <summary>The id that is taken.</summary>
    public string RunId { get; } = runId;
}

/// <summary>The node refused a submitted run (an invalid spec); the message is one line for people.</summary>
public sealed class RunRejectedException(string reason) : Exception(reason);
