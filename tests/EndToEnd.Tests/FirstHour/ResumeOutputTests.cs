using PluginHost.Nodes.Foreground;
using PluginHost.Shared.Runs;

namespace PluginHost.EndToEnd.Tests.FirstHour;

/// <summary>What `resume` prints for a step that was running when the run was interrupted.</summary>
public sealed class ResumeOutputTests
{
    [Fact]
    public async Task AStepStartedBeforeTheInterruptionIsShownOnceAsStartedAndThenAsStartedAgain()
    {
        var spec = new RunSpec("r", "run", [new WorkItemSpec("a", "a", [new StepSpec("loop", "loop.wasm")])]);
        var at = DateTimeOffset.UnixEpoch;
        // The journal a resume reads: the step started before the interruption, then started again and completed.
        RunEvent[] events =
        [
            new StepStarted("r", "a", 0, at, "loop"),
            new StepStarted("r", "a", 0, at, "loop"),
            new RunCompleted("r", at, 1, 0),
        ];
        var output = new StringWriter();
        await new RunProgressView(spec, output, interactive: false).ShowAsync(Stream(events), CancellationToken.None);

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Single(lines, l => l == "a: step 1/1 loop started");
        Assert.Single(lines, l => l == "a: step 1/1 loop started again");
    }

    private static async IAsyncEnumerable<(long, RunEvent)> Stream(IEnumerable<RunEvent> events)
    {
        long sequence = 0;
        foreach (var e in events)
        {
            await Task.Yield();
            yield return (++sequence, e);
        }
    }
}
