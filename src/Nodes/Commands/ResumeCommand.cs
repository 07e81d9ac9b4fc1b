using System.CommandLine;
using PluginHost.Nodes.Foreground;
using PluginHost.Nodes.Sync;
using PluginHost.Plugins.Icp;
using PluginHost.Shared.Manifests.Icp;

namespace PluginHost.Nodes.Commands;

/// <summary>`pluginhost resume [RUN]`: resumes one run (or every unfinished run of the journal) and exits; exit code =
/// failed items (130/143 when interrupted again).</summary>
public static class ResumeCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var run = new Argument<string?>("RUN") { Description = "The run to resume (default: every unfinished run)", Arity = ArgumentArity.ZeroOrOne };
        var node = new NodeCommandOptions();
        var command = new Command("resume", "Resume unfinished runs and exit") { run };
        node.AddTo(command);
        command.SetAction((parse, cancellationToken) =>
            LocalCommand.InvokeAsync("resume", parse, node, parse.InvocationConfiguration.Error, writes: true, async options =>
            {
                var output = parse.InvocationConfiguration.Output ?? Console.Out;
                using var plugins = SyncPluginCache.ForNode(options.DataDirectory, options.Runners,
                    m => parse.InvocationConfiguration.Error.WriteLine($"pluginhost resume: warning: {m}"));
                var sync = new IcpSyncSessions(output, new RemotePluginCache(new HttpClient(), RemotePluginCache.DefaultDir), plugins);
                var result = await ForegroundRunner.RunAsync(options, null, output, parse.InvocationConfiguration.Error,
                    (registry, _) => sync.Register(registry), cancellationToken, parse.GetValue(run));
                return result.ExitCode;
            }));
        return command;
    }
}
