using System.CommandLine;
using PluginHost.Actors.Journal;
using PluginHost.Nodes.Client;
using PluginHost.Nodes.Server;

namespace PluginHost.Nodes.Commands;

/// <summary>`pluginhost nodes [--store STORE | --server URL]`: lists the cluster's members and their state.</summary>
public static class NodesCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var store = ClusterNodeCommand.StoreOption();
        var dataDir = ClusterNodeCommand.DataDirOption();
        var server = new Option<string?>("--server") { Description = "Ask this node's HTTP API instead of the store, e.g. http://127.0.0.1:8080" };
        var command = new Command("nodes", "List the cluster's nodes and their state") { store, dataDir, server };
        command.SetAction(async (parse, ct) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            try
            {
                IReadOnlyList<NodeRecord> nodes;
                if (parse.GetValue(server) is { } url)
                {
                    using var client = new PluginHostClient(PluginHostClient.ParseServer(url));
                    nodes = await client.ListNodesAsync(ct);
                }
                else
                {
                    await using var journal = await ClusterNodeCommand.ReadStore(parse, store, dataDir).OpenAsync(ct);
                    nodes = await journal.ListNodesAsync(ct);
                }
                output.WriteLine($"{"NODE",-24} {"STATE",-9} {"CAPACITY",8} {"HEARTBEAT",10}  ADDRESS");
                foreach (var n in nodes)
                    output.WriteLine($"{n.NodeId,-24} {n.State.ToString().ToLowerInvariant(),-9} {n.Capacity,8} {n.HeartbeatAge.TotalSeconds,9:0.0}s  {n.Address}");
                return ExitCodes.Success;
            }
            catch (Exception e) when (e is JournalException or PluginHostClientException or FormatException)
            {
                error.WriteLine($"pluginhost nodes: {e.Message}");
                return e is FormatException ? ExitCodes.Usage : ExitCodes.Failed;
            }
        });
        return command;
    }
}
