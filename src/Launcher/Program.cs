using PluginHost.WasmRun;

namespace PluginHost.Launcher;

/// <summary>The published `pluginhost` executable (Native AOT): runs `wasm run` itself, so a short wasm program does
/// not pay the .NET runtime's start-up, and hands every other command line to the CLI (<see cref="CliHandOff"/>).</summary>
public static class Program
{
    /// <summary>Runs `wasm run` or replaces this process with the CLI; returns the exit code.</summary>
    public static int Main(string[] args)
    {
        if (WasmRunLauncher.TryRun(args, out var exitCode)) return exitCode;
        return CliHandOff.Exec(args);
    }
}
