using System.CommandLine;
using PluginHost.WasmRun;

namespace PluginHost.Nodes.Commands;

/// <summary>The `pluginhost` command tree: adding a command is one file under Commands/ plus one line here.</summary>
public static class Cli
{
    /// <summary>Builds the root command with every subcommand.</summary>
    public static RootCommand Build()
    {
        var root = new RootCommand("pluginhost: distributed host for WebAssembly plugins");

        var wasm = new Command("wasm", "Run WebAssembly modules on the node's engine (Wasmtime)");
        wasm.Add(WasmRunCommand.Create());
        root.Add(wasm);
        root.Add(RunCommand.Create());
        root.Add(RunsCommand.Create());
        root.Add(ResumeCommand.Create());
        root.Add(InstallCommand.Create());
        root.Add(SyncCommand.Create());
        root.Add(ClusterNodeCommand.Create());
        root.Add(NodesCommand.Create());

        return root;
    }

    /// <summary>Parses and runs a command line; parse errors print to error and exit with <see cref="ExitCodes.Usage"/>.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var parsed = Build().Parse(args);
        // A command group given alone (`pluginhost wasm`) shows its own help, as `gh repo` or `kubectl config` do.
        var command = parsed.CommandResult.Command;
        if (command.Action is null && command.Subcommands.Count > 0 && parsed.Tokens.Count == args.Length
            && parsed.UnmatchedTokens.Count == 0 && parsed.CommandResult.Tokens.Count == 0)
            parsed = Build().Parse([.. args, "--help"]);
        if (parsed.Errors.Count > 0)
        {
            foreach (var parseError in parsed.Errors) error.WriteLine($"pluginhost: {ParseErrorText.Describe(parseError.Message)}");
            error.WriteLine($"Run '{CommandPath(parsed.CommandResult)} --help' for usage.");
            return ExitCodes.Usage;
        }
        var configuration = new InvocationConfiguration { Output = output, Error = error };
        // These commands handle SIGTERM/Ctrl+C themselves by draining, which may take longer than System.CommandLine's
        // grace period: it must not end the process under them.
        if (parsed.CommandResult.Command.Name is "run" or "resume" or "install" or "sync" or "node")
            configuration.ProcessTerminationTimeout = null;
        if (parsed.Action is System.CommandLine.Help.HelpAction)
        {
            // Help is rendered aside so that its command list can say which arguments are optional.
            var help = new StringWriter();
            var code = parsed.Invoke(new InvocationConfiguration { Output = help, Error = error });
            output.Write(CommandListHelp.MarkOptionalArguments(help.ToString(), parsed.CommandResult.Command));
            return code;
        }
        return parsed.Invoke(configuration);
    }

    /// <summary>The words that name a parsed command, e.g. "pluginhost runs show".</summary>
    private static string CommandPath(System.CommandLine.Parsing.CommandResult result)
    {
        var names = new List<string>();
        for (var current = result; current is not null; current = current.Parent as System.CommandLine.Parsing.CommandResult)
            names.Add(current.Parent is null ? "pluginhost" : current.Command.Name);
        names.Reverse();
        return string.Join(' ', names);
    }
}
