using PluginHost.Shared.Runs;
using Spectre.Console;

namespace PluginHost.Nodes.Foreground;

/// <summary>Shows a run's progress: a live table (one row per item) on a terminal, plain lines otherwise.</summary>
public sealed class RunProgressView
{
    private readonly TextWriter _output;
    private readonly bool _interactive;
    private readonly Dictionary<string, ItemRow> _rows = new(StringComparer.Ordinal);
    private readonly List<ItemRow> _order = [];
    private readonly Dictionary<string, string> _phases = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _details = new(StringComparer.Ordinal);
    private readonly Dictionary<(string ItemId, int StepIndex), string> _steps = [];
    private readonly Dictionary<string, string> _errors = new(StringComparer.Ordinal);
    private readonly HashSet<(string ItemId, int StepIndex)> _started = [];

    /// <summary>Creates a view of a run writing to <paramref name="output"/>.</summary>
    public RunProgressView(RunSpec spec, TextWriter output, bool interactive)
    {
        _output = output;
        _interactive = interactive;
        foreach (var item in spec.Items)
        {
            var row = new ItemRow(item.ItemId, item.Name, item.Steps.Count);
            _rows[item.ItemId] = row;
            _order.Add(row);
        }
    }

    /// <summary>The rows, in spec order.</summary>
    public IReadOnlyList<ItemRow> Rows => _order;

    /// <summary>Shows every event of the stream until it ends; returns the run's RunCompleted, or null when the stream ended first.</summary>
    public async Task<RunCompleted?> ShowAsync(IAsyncEnumerable<(long Sequence, RunEvent Event)> events, CancellationToken cancellationToken)
    {
        RunCompleted? completed = null;
        if (!_interactive)
        {
            await foreach (var entry in events.WithCancellation(cancellationToken))
            {
                if (Apply(entry.Event) is { } line) _output.WriteLine(line);
                completed ??= entry.Event as RunCompleted;
            }
            return completed;
        }

        var table = new Table().Border(TableBorder.Rounded).AddColumn("item").AddColumn("steps").AddColumn("status");
        foreach (var row in _order) table.AddRow(Markup.Escape(row.Name), "", "");
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(_output) });
        await console.Live(table).AutoClear(false).StartAsync(async live =>
        {
            var sinceRefresh = System.Diagnostics.Stopwatch.StartNew();
            await foreach (var entry in events.WithCancellation(cancellationToken))
            {
                Apply(entry.Event);
                completed ??= entry.Event as RunCompleted;
                // Redraw at most ten times a second (and at the end): a large run journals thousands of events.
                if (completed is null && sinceRefresh.ElapsedMilliseconds < 100) continue;
                sinceRefresh.Restart();
                for (var i = 0; i < _order.Count; i++)
                {
                    var row = _order[i];
                    var color = row.Failed ? "red" : row.Finished ? "green" : "yellow";
                    table.UpdateCell(i, 1, $"{row.StepsDone}/{row.StepCount}");
                    table.UpdateCell(i, 2, new Markup($"[{color}]{Markup.Escape(row.Status)}[/]"));
                }
                live.Refresh();
            }
        });
        return completed;
    }

    private string StepName(StepFailed f) => _steps.TryGetValue((f.ItemId, f.StepIndex), out var name) ? name : $"step {f.StepIndex}";

    /// <summary>Updates the rows from one event; returns the plain-text line describing it, if any.</summary>
    public string? Apply(RunEvent runEvent)
    {
        switch (runEvent)
        {
            case StepStarted s when _rows.TryGetValue(s.ItemId, out var row):
                _steps[(s.ItemId, s.StepIndex)] = s.StepName;
                row.Status = $"step {s.StepIndex + 1}/{row.StepCount} {s.StepName}";
                // A resumed run replays its journal: a step started before the interruption starts a second time.
                var again = !_started.Add((s.ItemId, s.StepIndex));
                return $"{row.Name}: step {s.StepIndex + 1}/{row.StepCount} {s.StepName} {(again ? "started again" : "started")}";
            case StepOutput o when o.Stream == "progress" && _rows.TryGetValue(o.ItemId, out var row):
                if (StepProgressText.Parse(o.Data.Text) is not { } progress) return null;
                row.Status = progress.Status;
                var newPhase = _phases.GetValueOrDefault(o.ItemId) != progress.Phase;
                _phases[o.ItemId] = progress.Phase;
                return newPhase ? $"{row.Name}: {progress.Status}" : null;
            case StepCompleted c when _rows.TryGetValue(c.ItemId, out var row):
                row.StepsDone = c.StepIndex + 1;
                if (StepProgressText.Summary(c.Result.Text) is { } detail) _details[c.ItemId] = detail;
                return null;
            case StepFailed f when _rows.TryGetValue(f.ItemId, out var row):
                // The error is shown once, with the item's outcome.
                row.Status = $"step {f.StepIndex + 1}/{row.StepCount} failed";
                _errors[f.ItemId] = f.Error;
                return $"{row.Name}: step {f.StepIndex + 1}/{row.StepCount} {StepName(f)} failed";
            case ItemCompleted i when _rows.TryGetValue(i.ItemId, out var row):
                row.Finished = true;
                row.Failed = i.Outcome == ItemOutcome.Failed;
                if (row.Failed) row.Status = i.Error ?? _errors.GetValueOrDefault(i.ItemId) ?? "failed";
                else
                {
                    row.StepsDone = row.StepCount;
                    row.Status = _details.TryGetValue(i.ItemId, out var summary) ? $"succeeded: {summary}" : "succeeded";
                }
                return Lines.Indent($"{row.Name}: {(row.Failed ? "failed: " + row.Status : row.Status)}", 2);
            case RunCompleted rc:
                return $"run {rc.RunId} completed: {rc.Succeeded} succeeded, {rc.Failed} failed";
            default:
                return null;
        }
    }
}
