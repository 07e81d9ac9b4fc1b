using System.Collections.Concurrent;
using PluginHost.Actors.Runners;
using PluginHost.Plugins.Icp;
using PluginHost.Shared.Manifests.Icp;

namespace PluginHost.Nodes.Sync;

/// <summary>The sync sessions of one node process, by <see cref="IcpStepInput.SessionKey()"/>, and what the steps
/// leave for the end of the command (kept stderr lines, failures).</summary>
public sealed class IcpSyncSessions
{
    private readonly ConcurrentDictionary<IcpStepInput, Lazy<IcpSyncSession>> _sessions = new();
    private readonly TextWriter _output;
    private readonly RemotePluginCache _remote;

    /// <summary>Creates the sessions; sent calls are printed to <paramref name="output"/>; plugins compile through
    /// <paramref name="plugins"/> (the node's, with its on-disk artifacts; memory only on an engine of its own when null).</summary>
    public IcpSyncSessions(TextWriter output, RemotePluginCache remote, SyncPluginCache? plugins = null)
    {
        _output = output;
        _remote = remote;
        Plugins = plugins ?? new SyncPluginCache();
    }

    /// <summary>The compiled plugins, by sha256, shared by every session of the node.</summary>
    public SyncPluginCache Plugins { get; }

    /// <summary>Kept lines and failures per canister.</summary>
    public SyncRunLog Log { get; } = new();

    /// <summary>The session of a step (created on first use); throws <see cref="SyncPluginException"/> or
    /// <see cref="PluginHost.Shared.Manifests.Icp.IcpManifestException"/> when the project or replies cannot be read.</summary>
    public IcpSyncSession Get(IcpStepInput input) =>
        _sessions.GetOrAdd(input.SessionKey(), key => new Lazy<IcpSyncSession>(() => new IcpSyncSession(key, _output, _remote, Plugins))).Value;

    /// <summary>Registers the two step kinds (`icp-plugin`, `icp-script`) with a node.</summary>
    public void Register(StepExecutorRegistry registry) => registry
        .Add(new IcpStepAdapter(IcpStepAdapter.PluginKind, this))
        .Add(new IcpStepAdapter(IcpStepAdapter.ScriptKind, this));
}
