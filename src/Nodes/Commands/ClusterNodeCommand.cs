using System.CommandLine;
using System.Globalization;
using PluginHost.Actors.Hosting;
using PluginHost.Nodes.Foreground;
using PluginHost.Nodes.Hosting;
using PluginHost.Nodes.Server;
using Serilog;
using Serilog.Events;

namespace PluginHost.Nodes.Commands;

/// <summary>`pluginhost node --store STORE --listen HOST:PORT [--seed ADDRESS]... [--discovery dns:NAME] [--port N]
/// [--runners N] [--drain-seconds S]`: runs a member of an Akka.NET cluster. Each flag left out is read from its
/// environment variable (PLUGINHOST_STORE, PLUGINHOST_LISTEN, PLUGINHOST_SEEDS, ...), so deploy/k8s needs no args and
/// secrets never show in process lists. SIGTERM drains, leaves the cluster and exits 143.</summary>
public static class ClusterNodeCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var store = StoreOption();
        var dataDir = DataDirOption();
        var listen = new Option<string?>("--listen") { Description = "host:port of the HTTP API ($PLUGINHOST_LISTEN, default 127.0.0.1:8080)" };
        var nodeId = new Option<string?>("--node-id") { Description = "Node id in logs and `nodes` ($PLUGINHOST_NODE_ID, default: host name and port)" };
        var advertise = new Option<string?>("--advertise") { Description = "Address clients reach the HTTP API at ($PLUGINHOST_ADVERTISE, default: http://LISTEN)" };
        var runners = new Option<string?>("--runners") { Description = "Plugin runners: steps run at once ($PLUGINHOST_RUNNERS, default 4)" };
        var drain = new Option<string?>("--drain-seconds") { Description = "On SIGTERM, seconds running steps may take to finish ($PLUGINHOST_DRAIN_SECONDS, default 30)" };
        var seeds = new Option<string[]>("--seed") { Description = "Seed node, akka.tcp://pluginhost@host:port or host:port; repeatable ($PLUGINHOST_SEEDS, comma-separated)", AllowMultipleArgumentsPerToken = false };
        var discovery = new Option<string?>("--discovery") { Description = "dns:NAME: seeds are the A records of NAME, e.g. a headless Service ($PLUGINHOST_DISCOVERY)" };
        var port = new Option<string?>("--port") { Description = "Remoting port ($PLUGINHOST_PORT, default 4053)" };
        var hostname = new Option<string?>("--hostname") { Description = "Host remoting binds to ($PLUGINHOST_HOSTNAME, default 127.0.0.1; 0.0.0.0 in a pod)" };
        var publicHostname = new Option<string?>("--public-hostname") { Description = "Host or IP other members reach this one at ($PLUGINHOST_PUBLIC_HOSTNAME, e.g. the pod IP)" };
        var roles = new Option<string?>("--roles") { Description = "Cluster roles, comma-separated ($PLUGINHOST_ROLES)" };
        var command = new Command("node", "Run a cluster member: HTTP API, Akka.NET cluster membership and runners, journal on the shared store")
            { store, dataDir, listen, nodeId, advertise, runners, drain, seeds, discovery, port, hostname, publicHostname, roles };
        command.SetAction(async (parse, ct) =>
        {
            var error = parse.InvocationConfiguration.Error;
            NodeSettings settings;
            try
            {
                var listenValue = parse.GetValue(listen) ?? Env("PLUGINHOST_LISTEN") ?? "127.0.0.1:8080";
                var httpPort = listenValue.LastIndexOf(':') is var colon and > 0 ? listenValue[(colon + 1)..] : throw new FormatException($"--listen: expected HOST:PORT, got '{listenValue}'");
                if (!int.TryParse(httpPort, NumberStyles.None, CultureInfo.InvariantCulture, out _)) throw new FormatException($"--listen: port '{httpPort}' is not a number");
                var id = parse.GetValue(nodeId) ?? Env("PLUGINHOST_NODE_ID") ?? $"{Environment.MachineName.ToLowerInvariant()}-{httpPort}";
                var remotingPort = Positive(parse.GetValue(port) ?? Env("PLUGINHOST_PORT") ?? "4053", "--port");
                var bindHost = parse.GetValue(hostname) ?? Env("PLUGINHOST_HOSTNAME") ?? "127.0.0.1";
                var publicHost = parse.GetValue(publicHostname) ?? Env("PLUGINHOST_PUBLIC_HOSTNAME");
                var drainText = parse.GetValue(drain) ?? Env("PLUGINHOST_DRAIN_SECONDS") ?? "30";
                if (!double.TryParse(drainText, NumberStyles.Float, CultureInfo.InvariantCulture, out var drainSeconds) || drainSeconds < 0 || double.IsInfinity(drainSeconds))
                    throw new FormatException($"--drain-seconds: expected a number of seconds, 0 or more, got '{drainText}'");
                var seedList = parse.GetValue(seeds) is { Length: > 0 } given ? given.Select(SeedNodes.Parse).ToList() : SeedNodes.ParseList(Env("PLUGINHOST_SEEDS"));
                var discoveryValue = parse.GetValue(discovery) ?? Env("PLUGINHOST_DISCOVERY");
                if (discoveryValue is not null)
                {
                    if (!discoveryValue.StartsWith("dns:", StringComparison.Ordinal) || discoveryValue.Length == 4)
                        throw new FormatException($"--discovery: expected dns:NAME (a headless Service), got '{discoveryValue}'");
                    if (seedList.Count > 0) throw new FormatException("give seeds (--seed, $PLUGINHOST_SEEDS) or --discovery, not both");
                    seedList = [.. await SeedNodes.DiscoverAsync(discoveryValue[4..], remotingPort, publicHost ?? bindHost, TimeSpan.FromSeconds(30), ct)];
                }
                settings = new NodeSettings
                {
                    Store = ReadStore(parse, store, dataDir).WithApplicationName($"pluginhost-node {id}"),
                    Listen = listenValue,
                    NodeId = id,
                    AdvertisedAddress = parse.GetValue(advertise) ?? Env("PLUGINHOST_ADVERTISE") ?? $"http://{listenValue}",
                    Runners = Positive(parse.GetValue(runners) ?? Env("PLUGINHOST_RUNNERS") ?? "4", "--runners"),
                    RemotingHost = bindHost,
                    PublicHost = publicHost,
                    RemotingPort = remotingPort,
                    Seeds = seedList,
                    Roles = (parse.GetValue(roles) ?? Env("PLUGINHOST_ROLES") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                    DrainTimeout = TimeSpan.FromSeconds(drainSeconds),
                };
            }
            catch (FormatException e)
            {
                error.WriteLine($"pluginhost node: {e.Message}");
                return ExitCodes.Usage;
            }
            NodeServer? started = null;
            Log.Logger = new LoggerConfiguration().MinimumLevel.Information()
                // Until the member is up, Akka's line per failed join attempt is replaced by AkkaNode's one line.
                .Filter.ByExcluding(e => started is null && IsJoinAttempt(e))
                .WriteTo.Console(outputTemplate: $"{{Timestamp:HH:mm:ss.fff}} [{settings.NodeId}] [{{Level:u3}}] {{Message:lj}}{{NewLine}}{{Exception}}",
                    standardErrorFromLevel: LogEventLevel.Fatal)
                .CreateLogger();
            var stop = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            // A signal while the node still waits for its store or seeds stops the waiting.
            using var starting = CancellationTokenSource.CreateLinkedTokenSource(ct);
            using var signals = new ShutdownSignals(signal =>
            {
                stop.TrySetResult(signal);
                if (started is null) starting.Cancel();
            }, () => started?.Abort());
            try
            {
                await using var server = await NodeServer.StartAsync(settings, Console.Out, starting.Token);
                started = server;
                await stop.Task.WaitAsync(ct);
                await server.DrainAsync();
                return signals.ExitCode;
            }
            catch (StoreException e)
            {
                error.WriteLine($"pluginhost node: {e.Message}");
                return ExitCodes.Failed;
            }
            catch (OperationCanceledException) when (started is null && stop.Task.IsCompleted)
            {
                error.WriteLine("pluginhost node: stopped before the node was up");
                return signals.ExitCode;
            }
            catch (IOException e)
            {
                error.WriteLine($"pluginhost node: cannot listen on {settings.Listen}: {e.Message}");
                return ExitCodes.Failed;
            }
            finally
            {
                await Log.CloseAndFlushAsync();
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

    // Akka's log lines of one attempt to reach a seed node.
    private static bool IsJoinAttempt(LogEvent e) =>
        e.Properties.ContainsKey("LogSource") && e.RenderMessage() is var text &&
        (text.StartsWith("Couldn't join seed nodes", StringComparison.Ordinal) || text.StartsWith("AssociationError", StringComparison.Ordinal) ||
         text.StartsWith("Tried to associate with unreachable remote address", StringComparison.Ordinal) ||
         text.StartsWith("Removing receive buffers", StringComparison.Ordinal) || text.Contains("dead letters encountered", StringComparison.Ordinal));

    private static string? Env(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;

    private static int Positive(string text, string option) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw new FormatException($"{option}: expected a positive number, got '{text}'");
}
