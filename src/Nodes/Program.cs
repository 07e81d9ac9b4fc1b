using PluginHost.Nodes.Commands;

namespace PluginHost.Nodes;

/// <summary>The `pluginhost` executable's entry point.</summary>
public static class Program
{
    /// <summary>Runs the CLI and returns its exit code.</summary>
    public static int Main(string[] args) => Cli.Run(args, Console.Out, Console.Error);
}
