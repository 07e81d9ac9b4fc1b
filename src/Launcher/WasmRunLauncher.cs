using System.CommandLine;
using PluginHost.WasmRun;

namespace PluginHost.Launcher;

/// <summary>Runs `pluginhost wasm run ...` in this process when the command line is one that parses cleanly; help,
/// usage errors and every other command are the CLI's to print.</summary>
public static class WasmRunLauncher
{
    /// <summary>True, with the exit code, when <paramref name="args"/> was a `wasm run` command line that ran here.</summary>
    public static bool TryRun(string[] args, out int exitCode)
    {
        exitCode = 0;
        if (args is not ["wasm", "run", ..]) return false;
        var root = new RootCommand { new Command("wasm") { WasmRunCommand.Create() } };
        var parsed = root.Parse(args);
        var run = parsed.CommandResult.Command;
        if (parsed.Errors.Count > 0 || run.Name != "run" || parsed.Action is null || !ReferenceEquals(parsed.Action, run.Action))
            return false;
        // As in the CLI: no System.CommandLine termination handler, a signal ends the process as it would any program.
        exitCode = parsed.Invoke(new InvocationConfiguration { ProcessTerminationTimeout = null });
        return true;
    }
}
