using System.CommandLine;
using System.Text.Json;
using PluginHost.Actors.Runs;
using PluginHost.Nodes.Client;
using PluginHost.Nodes.Foreground;
using PluginHost.Shared.Runs;

namespace PluginHost.Nodes.Commands;

/// <summary>`pluginhost run SPEC.json`: resumes unfinished runs, then runs a RunSpec file in the foreground; the exit
/// code is the number of failed items (130/143 when Ctrl+C/SIGTERM interrupted it: resume it with `pluginhost resume RUN`).</summary>
public static class RunCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var file = new Argument<FileInfo>("SPEC") { Description = "The run spec (JSON: runId, kind, items[].steps[]; see examples/runs)" };
        var node = new NodeCommandOptions();
        var server = new Option<string?>("--server") { Description = "Submit to this cluster node (e.g. http://127.0.0.1:8080) and follow the run there" };
        var command = new Command("run", "Run a run spec in the foreground (after resuming unfinished runs)") { file, server };
        node.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var error = parse.InvocationConfiguration.Error;
            var path = parse.GetValue(file)!;
            RunSpec spec;
            try
            {
                spec = RunJson.DeserializeSpec(await File.ReadAllTextAsync(path.FullName, cancellationToken))
                    .WithPluginPathsRelativeTo(path.DirectoryName!);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
            {
                error.WriteLine($"pluginhost run: {path.FullName}: {e.Message}");
                return ExitCodes.Usage;
            }
            if (parse.GetValue(server) is { } url)
                return await RemoteRun.SubmitAndFollowAsync(url, spec, parse.InvocationConfiguration.Output, error, cancellationToken);
            return await LocalCommand.InvokeAsync("run", parse, node, error, writes: true, async options =>
            {
                try
                {
                    return (await ForegroundRunner.RunAsync(options, spec, parse.InvocationConfiguration.Output, error, null, cancellationToken)).ExitCode;
                }
                catch (RunExistsException e)
                {
                    error.WriteLine($"pluginhost run: run {e.RunId} already exists: `pluginhost resume {e.RunId}` to resume it, or change `runId` in {path.FullName}");
                    return ExitCodes.Usage;
                }
            });
        });
        return command;
    }
}
