using System.CommandLine;
using PluginHost.Nodes.Foreground;
using PluginHost.Nodes.Sync;
using PluginHost.Shared.Manifests.Icp;

namespace PluginHost.Nodes.Commands;

/// <summary>`pluginhost resume`: resumes every unfinished run of the journal (icp sync runs included) and exits; exit code = failed items.</summary>
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
                var output = parse.InvocationConfiguration.Output ?? Console.Out;
                var sync = new IcpSyncSessions(output, new RemotePluginCache(new HttpClient(), RemotePluginCache.DefaultDir));
                var failed = await ForegroundRunner.RunAsync(options, null, output,
                    parse.InvocationConfiguration.Error, (registry, _) => sync.Register(registry), cancellationToken);
                return failed;
            }));
        return command;
    }
}
