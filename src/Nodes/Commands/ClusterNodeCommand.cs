using System.CommandLine;
using System.Globalization;
using PluginHost.Actors.Journal;
using PluginHost.Nodes.Hosting;
using PluginHost.Nodes.Server;

namespace PluginHost.Nodes.Commands;

/// <summary>`pluginhost node --store STORE --listen HOST:PORT [--node-id ID] [--capacity N]`: runs a cluster node.
/// Each flag left out is read from its environment variable (PLUGINHOST_STORE, PLUGINHOST_LISTEN, PLUGINHOST_NODE_ID,
/// PLUGINHOST_ADVERTISE, PLUGINHOST_CAPACITY), so secrets never show in process lists.</summary>
public static class ClusterNodeCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var store = StoreOption();
        var dataDir = DataDirOption();
        var listen = new Option<string?>("--listen") { Description = "host:port of the HTTP API ($PLUGINHOST_LISTEN, default 127.0.0.1:8080)" };
        var nodeId = new Option<string?>("--node-id") { Description = "Unique node id ($PLUGINHOST_NODE_ID, default: host name and port)" };
        var advertise = new Option<string?>("--advertise") { Description = "Address peers and clients reach this node at ($PLUGINHOST_ADVERTISE, default: http://LISTEN)" };
        var capacity = new Option<string?>("--capacity") { Description = "Items run at once ($PLUGINHOST_CAPACITY, default 4)" };
        var lease = new Option<double>("--lease-seconds") { Description = "Lease on a claimed item", DefaultValueFactory = _ => 10 };
        var heartbeat = new Option<double>("--heartbeat-seconds") { Description = "Heartbeat interval", DefaultValueFactory = _ => 1 };
        var deadAfter = new Option<double>("--dead-after-seconds") { Description = "Silence after which a node is declared dead", DefaultValueFactory = _ => 5 };
        var command = new Command("node", "Run a cluster node: HTTP API, membership and work on the shared store")
            { store, dataDir, listen, nodeId, advertise, capacity, lease, heartbeat, deadAfter };
        command.SetAction(async (parse, ct) =>
        {
            var error = parse.InvocationConfiguration.Error;
            NodeSettings settings;
            try
            {
                var listenValue = parse.GetValue(listen) ?? Env("PLUGINHOST_LISTEN") ?? "127.0.0.1:8080";
                var port = listenValue.LastIndexOf(':') is var colon and > 0 ? listenValue[(colon + 1)..] : throw new FormatException($"--listen: expected HOST:PORT, got '{listenValue}'");
                if (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out _)) throw new FormatException($"--listen: port '{port}' is not a number");
                var capacityText = parse.GetValue(capacity) ?? Env("PLUGINHOST_CAPACITY") ?? "4";
                if (!int.TryParse(capacityText, NumberStyles.None, CultureInfo.InvariantCulture, out var capacityValue) || capacityValue <= 0)
                    throw new FormatException($"--capacity: expected a positive number, got '{capacityText}'");
                var id = parse.GetValue(nodeId) ?? Env("PLUGINHOST_NODE_ID") ?? $"{Environment.MachineName.ToLowerInvariant()}-{port}";
                settings = new NodeSettings
                {
                    Store = ReadStore(parse, store, dataDir).WithApplicationName($"pluginhost-node {id}"),
                    Listen = listenValue,
                    NodeId = id,
                    AdvertisedAddress = parse.GetValue(advertise) ?? Env("PLUGINHOST_ADVERTISE") ?? $"http://{listenValue}",
                    Capacity = capacityValue,
                    LeaseDuration = Seconds(parse.GetValue(lease), "--lease-seconds"),
                    HeartbeatInterval = Seconds(parse.GetValue(heartbeat), "--heartbeat-seconds"),
                    DeadAfter = Seconds(parse.GetValue(deadAfter), "--dead-after-seconds"),
                };
            }
            catch (FormatException e)
            {
                error.WriteLine($"pluginhost node: {e.Message}");
                return ExitCodes.Usage;
            }
            try
            {
                await using var server = await NodeServer.StartAsync(settings, Console.Out, ct);
                await server.WaitForShutdownAsync();
                await server.DrainAsync();
                return ExitCodes.Success;
            }
            catch (JournalException e)
            {
                error.WriteLine($"pluginhost node: {e.Message}");
                return ExitCodes.Failed;
            }
            catch (IOException e)
            {
                error.WriteLine($"pluginhost node: cannot listen on {settings.Listen}: {e.Message}");
                return ExitCodes.Failed;
            }
        });
        return command;
    }

    /// <summary>The --store option shared by the commands that open the journal.</summary>
    public static Option<string?> StoreOption() => new("--store")
    {
        Description = "Shared store: postgres://user@host:port/db or a Npgsql connection string ($PLUGINHOST_STORE; default: the embedded store in --data-dir)",
    };

    /// <summary>The --data-dir option of the commands that take --store: the embedded store's directory.</summary>
    public static Option<string?> DataDirOption() => new("--data-dir")
    {
        Description = $"Data directory of the embedded store (${NodeOptions.DataDirectoryVariable}, default {NodeOptions.DefaultDataDirectory})",
    };

    /// <summary>The store named by --store/$PLUGINHOST_STORE, else the embedded one in --data-dir; throws <see cref="FormatException"/> when both flags are given.</summary>
    public static StoreLocation ReadStore(ParseResult parse, Option<string?> store, Option<string?> dataDir)
    {
        var storeValue = parse.GetValue(store);
        var dataDirValue = parse.GetValue(dataDir);
        if (storeValue is { Length: > 0 } && dataDirValue is { Length: > 0 })
            throw new FormatException("give --store (a shared PostgreSQL store) or --data-dir (the embedded store), not both");
        if (dataDirValue is { Length: > 0 }) return new StoreLocation(null, dataDirValue);
        return StoreLocation.Parse(storeValue ?? Env("PLUGINHOST_STORE"));
    }

    private static string? Env(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;

    private static TimeSpan Seconds(double value, string option) =>
        value > 0 ? TimeSpan.FromSeconds(value) : throw new FormatException($"{option}: expected a positive number of seconds, got {value}");
}
