using System.CommandLine;
using System.Globalization;
using PluginHost.Actors.Hosting;
using PluginHost.Actors.Runs;
using PluginHost.Nodes.Foreground;
using PluginHost.Nodes.Hosting;
using PluginHost.Nodes.Client;
using PluginHost.Shared.Runs;

namespace PluginHost.Nodes.Commands;

/// <summary>`pluginhost runs [show ID | follow ID]`: lists the journal's runs, shows one run, or follows one live.</summary>
public static class RunsCommand
{
    /// <summary>Creates the command and its subcommands.</summary>
    public static Command Create()
    {
        var list = new NodeCommandOptions();
        var listServer = ServerOption();
        var command = new Command("runs", "List the runs in the journal (or of a cluster with --server)") { listServer };
        list.AddStoreOptionsTo(command);
        command.SetAction((parse, ct) => WithSourceAsync("runs", parse, list, listServer, async source =>
        {
            var output = parse.InvocationConfiguration.Output;
            var runs = await source.ListRunsAsync(ct);
            if (runs.Count == 0)
            {
                output.WriteLine("no runs yet (start one with `pluginhost run SPEC.json`, `sync` or `install`)");
                return ExitCodes.Success;
            }
            output.WriteLine($"{"RUN",-36} {"KIND",-10} {"STATE",-11} {"ITEMS",5} {"OK",5} {"FAILED",6}  CREATED");
            foreach (var r in runs)
                output.WriteLine($"{r.RunId,-36} {r.Kind,-10} {StateOf(r, source),-11} {r.ItemCount,5} {r.ItemsSucceeded,5} {r.ItemsFailed,6}  {r.CreatedAt.ToLocalTime():yyyy-MM-dd HH:mm:ss}");
            return ExitCodes.Success;
        }, listing: true));

        var showId = new Argument<string>("ID") { Description = "The run id" };
        var showServer = ServerOption();
        var show = new Command("show", "Show a run's items, steps, durations and kept output") { showId, showServer };
        var showNode = new NodeCommandOptions();
        showNode.AddStoreOptionsTo(show);
        show.SetAction((parse, ct) => WithSourceAsync("runs show", parse, showNode, showServer, async source =>
        {
            Show(await source.ReadAsync(parse.GetValue(showId)!, ct), parse.InvocationConfiguration.Output);
            return ExitCodes.Success;
        }));
        command.Add(show);

        var followId = new Argument<string>("ID") { Description = "The run id" };
        var followServer = ServerOption();
        var follow = new Command("follow", "Print a run's events as they are journaled, until it completes") { followId, followServer };
        var followNode = new NodeCommandOptions();
        followNode.AddStoreOptionsTo(follow);
        follow.SetAction((parse, ct) => WithSourceAsync("runs follow", parse, followNode, followServer, async source =>
        {
            var output = parse.InvocationConfiguration.Output;
            await foreach (var entry in source.FollowAsync(parse.GetValue(followId)!, ct))
            {
                output.WriteLine($"{entry.Sequence,6} {Lines.Indent(Describe(entry.Event), 7)}");
                if (entry.Event is RunCompleted rc) return rc.Failed == 0 ? ExitCodes.Success : ExitCodes.Failed;
            }
            return ExitCodes.Failed;
        }));
        command.Add(follow);
        return command;
    }

    // A run not finished whose CLI process is gone is interrupted (resume it), not running.
    private static string StateOf(RunSummary run, RunSource source) =>
        run.State is RunState.Running or RunState.Accepted && source.LocalDataDirectory is { } data && RunLocks.IsInterrupted(data, run.RunId)
            ? "interrupted"
            : run.State.ToString().ToLowerInvariant();

    private static Option<string?> ServerOption() =>
        new("--server") { Description = "Read the runs of this cluster node (e.g. http://127.0.0.1:8080) instead of the local journal" };

    // `listing`: a data directory without a journal lists no runs (any other read of it is an error).
    private static Task<int> WithSourceAsync(string name, ParseResult parse, NodeCommandOptions node, Option<string?> server, Func<RunSource, Task<int>> body,
        bool listing = false) =>
        LocalCommand.InvokeAsync(name, parse, node, parse.InvocationConfiguration.Error, writes: false, async options =>
        {
            if (parse.GetValue(server) is { } url)
            {
                try
                {
                    await using var remote = RunSource.Of(url);
                    return await body(remote);
                }
                catch (PluginHostClientException e) when (e.NodeFailure is not null)
                {
                    // The node failed (e.g. a journal of another version): the same line and exit code as the local command.
                    parse.InvocationConfiguration.Error.WriteLine($"pluginhost {name}: {e.NodeFailure}");
                    return ExitCodes.Usage;
                }
                catch (PluginHostClientException e)
                {
                    parse.InvocationConfiguration.Error.WriteLine($"pluginhost {name}: {e.Message}");
                    return ExitCodes.Failed;
                }
            }
            // No logger here: the old journal's warning goes to standard error as the embedded node's console shows it.
            var error = parse.InvocationConfiguration.Error;
            var settings = PluginHostNode.Settings(options.DataDirectory) with { StoreWarning = line => error.WriteLine($"[WRN] {line}") };
            if (!File.Exists(settings.SqlitePath))
            {
                if (listing) return await body(RunSource.Empty);
                throw new RunNotFoundException($"no journal in data directory '{settings.DataDir}' (no run was ever started there)");
            }
            await using var local = RunSource.Of(await RunStore.OpenAsync(settings), settings.DataDir);
            return await body(local);
        });

    /// <summary>One line describing an event.</summary>
    public static string Describe(RunEvent e) => e switch
    {
        RunAccepted a => $"RunAccepted {a.RunId} kind={a.Spec.Kind} items={a.Spec.Items.Count}",
        ItemScheduled s => $"ItemScheduled {s.ItemId} ({s.Name})",
        StepStarted s => $"StepStarted {s.ItemId}[{s.StepIndex}] {s.StepName}",
        StepOutput o => $"StepOutput {o.ItemId}[{o.StepIndex}] {o.Stream}: {o.Data.Text ?? $"<{o.Data.Bytes!.Length} bytes>"}",
        StepCompleted c => $"StepCompleted {c.ItemId}[{c.StepIndex}] {c.Result.Text}",
        StepFailed f => $"StepFailed {f.ItemId}[{f.StepIndex}] {f.Error}",
        ItemCompleted i => $"ItemCompleted {i.ItemId} {i.Outcome}{(i.Error is null ? "" : ": " + i.Error)}",
        RunCompleted r => $"RunCompleted succeeded={r.Succeeded} failed={r.Failed}",
        _ => e.EventType,
    };

    private static void Show(IReadOnlyList<JournalEntry> entries, TextWriter output)
    {
        var accepted = (RunAccepted)entries[0].Event;
        var done = entries.Select(e => e.Event).OfType<RunCompleted>().FirstOrDefault();
        output.WriteLine($"run {accepted.RunId} ({accepted.Spec.Kind}), accepted {accepted.Timestamp.ToLocalTime():yyyy-MM-dd HH:mm:ss}, " +
                         (done is null ? "unfinished" : $"completed: {done.Succeeded} succeeded, {done.Failed} failed, took {Ms(done.Timestamp - accepted.Timestamp)}"));
        foreach (var item in accepted.Spec.Items)
        {
            var events = entries.Select(e => e.Event).OfType<ItemEvent>().Where(e => e.ItemId == item.ItemId).ToList();
            var completion = events.OfType<ItemCompleted>().FirstOrDefault();
            output.WriteLine(Lines.Indent($"item {item.ItemId} ({item.Name}): {(completion is null ? "unfinished" : completion.Outcome.ToString().ToLowerInvariant())}", 2));
            for (var i = 0; i < item.Steps.Count; i++)
            {
                var stepEvents = events.OfType<StepEvent>().Where(e => e.StepIndex == i).ToList();
                var starts = stepEvents.OfType<StepStarted>().ToList();
                var end = stepEvents.FirstOrDefault(e => e is StepCompleted or StepFailed);
                var state = end switch
                {
                    StepCompleted => "completed",
                    StepFailed f => "failed: " + f.Error,
                    _ => starts.Count > 0 ? "started" : "not started",
                };
                var duration = end is not null && starts.Count > 0 ? " in " + Ms(end.Timestamp - starts[^1].Timestamp) : "";
                var attempts = starts.Count > 1 ? $" ({starts.Count} attempts)" : "";
                output.WriteLine(Lines.Indent($"  step {i} {item.Steps[i].Name} [{item.Steps[i].EffectiveKind}]: {state}{duration}{attempts}", 4));
                foreach (var o in stepEvents.OfType<StepOutput>())
                    output.WriteLine(Lines.Indent($"    {o.Stream}: {o.Data.Text ?? $"<{o.Data.Bytes!.Length} bytes>"}", 6));
            }
        }
    }

    private static string Ms(TimeSpan t) => t.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture) + " ms";
}
