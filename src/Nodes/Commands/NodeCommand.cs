using System.CommandLine;
using PluginHost.Actors.Runs;
using PluginHost.Actors.Hosting;
using PluginHost.Nodes.Foreground;
using PluginHost.Nodes.Hosting;

namespace PluginHost.Nodes.Commands;

/// <summary>Shared error handling of the node commands: bad options and store errors become clear messages.</summary>
public static class NodeCommand
{
    /// <summary>Reads the node options and runs <paramref name="body"/>, mapping known errors to exit codes.</summary>
    public static async Task<int> InvokeAsync(string name, ParseResult parse, NodeCommandOptions node, TextWriter error, Func<NodeOptions, Task<int>> body)
    {
        try
        {
            return await body(node.Read(parse));
        }
        catch (FormatException e)
        {
            error.WriteLine($"pluginhost {name}: {e.Message}");
            return ExitCodes.Usage;
        }
        catch (Exception e) when (e is RunSpecException or StoreException or RunNotFoundException)
        {
            error.WriteLine($"pluginhost {name}: {e.Message}");
            return ExitCodes.Failed;
        }
        catch (OperationCanceledException)
        {
            error.WriteLine($"pluginhost {name}: interrupted; unfinished runs resume on the next start");
            return 130;
        }
    }
}
