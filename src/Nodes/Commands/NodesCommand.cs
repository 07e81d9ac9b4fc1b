using System.CommandLine;
using PluginHost.Nodes.Client;
using PluginHost.Nodes.Server;

namespace PluginHost.Nodes.Commands;

/// <summary>`pluginhost nodes --server URL`: lists the cluster's members (as the node at URL sees them), their state,
/// roles and runners.</summary>
public static class NodesCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var server = new Option<string?>("--server") { Description = "A node's HTTP API, e.g. http://127.0.0.1:8080 ($PLUGINHOST_SERVER)" };
        var command = new Command("nodes", "List the cluster's members and their state") { server };
        command.SetAction(async (parse, ct) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            try
            {
                var url = parse.GetValue(server) ?? Environment.GetEnvironmentVariable("PLUGINHOST_SERVER")
                    ?? throw new FormatException("--server: give the HTTP address of a node (membership is not kept in the store)");
                using var client = new PluginHostClient(PluginHostClient.ParseServer(url));
                IReadOnlyList<NodeMember> nodes = await client.ListNodesAsync(ct);
                output.WriteLine($"{"NODE",-20} {"STATE",-11} {"RUNNERS",7} {"BUSY",4} {"IDLE",4}  {"ROLES",-10} ADDRESS");
                foreach (var n in nodes)
                    output.WriteLine($"{n.NodeId,-20} {n.State,-11} {N(n.Runners),7} {N(n.Busy),4} {N(n.Idle),4}  {string.Join(',', n.Roles),-10} {n.Address}{(n.IsSelf ? " (self)" : "")}");
                return ExitCodes.Success;
            }
            catch (Exception e) when (e is PluginHostClientException or FormatException)
            {
                error.WriteLine($"pluginhost nodes: {e.Message}");
                return e is FormatException ? ExitCodes.Usage : ExitCodes.Failed;
            }
        });
        return command;
    }

    private static string N(int? value) => value?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-";
}
