using System.CommandLine;
using PluginHost.Actors.Hosting;
using PluginHost.Nodes.Foreground;
using PluginHost.Nodes.Hosting;

namespace PluginHost.Nodes.Commands;

/// <summary>Error handling of the local commands (run, resume, sync, install, runs) on top of <see cref="NodeCommand"/>:
/// a data directory or store that cannot be used, or a run spec the node refuses, is one line and exit 2.</summary>
public static class LocalCommand
{
    /// <summary>Runs <paramref name="body"/> with the node options; <paramref name="writes"/> first checks that the data
    /// directory can be written.</summary>
    public static Task<int> InvokeAsync(string name, ParseResult parse, NodeCommandOptions node, TextWriter error, bool writes,
        Func<NodeOptions, Task<int>> body) =>
        NodeCommand.InvokeAsync(name, parse, node, error, async options =>
        {
            try
            {
                if (writes) DataDirectoryCheck.EnsureWritable(options.DataDirectory);
                return await body(options);
            }
            catch (Exception e) when (e is StoreException or RunRejectedException)
            {
                error.WriteLine($"pluginhost {name}: {e.Message}");
                return ExitCodes.Usage;
            }
        });
}
