using PluginHost.Plugins.Icp;
using PluginHost.Plugins.Icp.Agent;
using PluginHost.Plugins.Icp.Identities;
using PluginHost.Shared.Manifests.Icp;

namespace PluginHost.Nodes.Sync;

/// <summary>What the steps of one sync share: the project read once, the recording gateway, the plugin and script executors.</summary>
public sealed class IcpSyncSession
{
    private readonly object _callsLogLock = new();

    /// <summary>Reads the project and the replies file of <paramref name="key"/>; sent calls are printed to <paramref name="output"/>;
    /// plugins compile through the node's <paramref name="plugins"/> cache.</summary>
    public IcpSyncSession(IcpStepInput key, TextWriter output, RemotePluginCache remote, SyncPluginCache plugins)
    {
        var project = IcpManifestReader.ReadFile(Path.Combine(key.Project, "icp.yaml"));
        var env = project.Environments.FirstOrDefault(e => e.Name == key.Environment)
            ?? throw new SyncPluginException($"{project.File}: no environment `{key.Environment}`");
        if (key.Network is { } network)
        {
            IcpIdentity identity;
            try
            {
                identity = IdentityStore.Default().Load(key.Identity,
                    key.IdentityPasswordFile is { } passwordFile ? IdentityStore.PasswordFile(passwordFile) : null);
            }
            catch (IdentityException e) { throw new SyncPluginException(e.Message); }
            IcpAgent agent;
            try
            {
                var net = IcpNetwork.Resolve(network, project.Networks);
                agent = new IcpAgent(Http, net.Url, identity, net.RootKeyAsync(Http, CancellationToken.None).GetAwaiter().GetResult());
            }
            catch (IcpAgentException e) { throw new SyncPluginException(e.Message); }
            Context = new IcpSyncContext(project, env, identity.PrincipalText, key.Proxy, TimeSpan.FromSeconds(key.ComputeLimitSeconds));
            Gateway = new NetworkGateway(agent);
        }
        else
        {
            Context = new IcpSyncContext(project, env, Principal.AnonymousText, key.Proxy, TimeSpan.FromSeconds(key.ComputeLimitSeconds));
            Gateway = RecordingGateway.FromFile(key.Replies, call =>
            {
                lock (output) output.WriteLine($"  call {(call.IsQuery ? "query" : "update")} {call.CanisterId}.{call.Method} ({call.Arg.Length} bytes, {call.Cycles} cycles)");
                if (key.CallsLog is { } path)
                    lock (_callsLogLock) File.AppendAllText(path, SentCallLine(call) + "\n");
            });
        }
        Plugins = new IcpSyncStepExecutor(Gateway, remote, plugins);
    }

    /// <summary>The project, environment and limits.</summary>
    public IcpSyncContext Context { get; }

    /// <summary>The node's one pooled HTTP client for IC networks.</summary>
    private static readonly HttpClient Http = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), MaxConnectionsPerServer = 64 })
    {
        Timeout = TimeSpan.FromSeconds(30),
    };

    /// <summary>The recording gateway (--dry-run) or the network gateway (--network).</summary>
    public ICanisterGateway Gateway { get; }

    /// <summary>Runs plugin steps (plugins compiled once per session).</summary>
    public IcpSyncStepExecutor Plugins { get; }

    /// <summary>Runs script steps.</summary>
    public IcpScriptStepExecutor Scripts { get; } = new();

    /// <summary>One line of the calls log: the call as sent, as JSON.</summary>
    public static string SentCallLine(CanisterCall call) => System.Text.Json.JsonSerializer.Serialize(new
    {
        canister = call.CanisterId,
        method = call.Method,
        arg = Convert.ToHexStringLower(call.Arg),
        query = call.IsQuery,
        cycles = call.Cycles,
    });
}
