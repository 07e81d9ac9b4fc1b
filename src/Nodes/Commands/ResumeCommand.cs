using System.CommandLine;
using PluginHost.Nodes.Foreground;

namespace PluginHost.Nodes.Commands;

/// <summary>`pluginhost resume`: resumes every unfinished run of the journal and exits; exit code = failed items.</summary>
public static class ResumeCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var node = new NodeCommandOptions();
        var command = new Command("resume", "Resume unfinished runs and exit");
        node.AddTo(command);
        command.SetAction((parse, cancellationToken) =>
            NodeCommand.InvokeAsync("resume", parse, node, parse.InvocationConfiguration.Error, async options =>
            {
                var failed = await ForegroundRunner.RunAsync(options, null, parse.InvocationConfiguration.Output,
                    parse.InvocationConfiguration.Error, null, cancellationToken);
                return failed;
            }));
        return command;
    }
}
