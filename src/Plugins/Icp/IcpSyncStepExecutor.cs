using System.Collections.Concurrent;
using PluginHost.Shared.Manifests.Icp;

namespace PluginHost.Plugins.Icp;

/// <summary>Runs `plugin` sync steps: resolves the plugin (path or cached url), applies the sandbox rules and runs it.</summary>
public sealed class IcpSyncStepExecutor
{
    private readonly SyncPluginCache _cache;
    private readonly ConcurrentDictionary<string, Lazy<Task<SyncPlugin>>> _plugins = new();
    private readonly SyncPluginHost _host;
    private readonly RemotePluginCache? _remote;

    /// <summary>Creates an executor whose calls go through <paramref name="gateway"/>; remote plugins need <paramref name="remote"/>;
    /// plugins are compiled through <paramref name="cache"/> (the node's, shared by executors; a new one when null).</summary>
    public IcpSyncStepExecutor(ICanisterGateway gateway, RemotePluginCache? remote, SyncPluginCache? cache = null)
    {
        _cache = cache ?? new SyncPluginCache();
        _host = new SyncPluginHost(gateway);
        _remote = remote;
    }

    /// <summary>Loads (once per path or sha256) the plugin of a step.</summary>
    public Task<SyncPlugin> LoadAsync(IcpSyncContext ctx, IcpCanister canister, IcpPluginStep step, CancellationToken ct)
    {
        var key = step.Url is not null ? "sha256:" + step.Sha256 : Path.GetFullPath(Path.Combine(ctx.DirOf(canister), step.Path!));
        return _plugins.GetOrAdd(key, _ => new Lazy<Task<SyncPlugin>>(async () =>
        {
            if (step.Url is not null)
            {
                if (_remote is null) throw new SyncPluginException($"{step.Url}: remote plugins need a cache");
                var bytes = await _remote.GetAsync(step.Url, step.Sha256!, ct).ConfigureAwait(false);
                return _cache.Get(bytes, step.Url);
            }
            if (!File.Exists(key))
                throw new SyncPluginException($"{ctx.Project.File}: canister `{canister.Name}`: sync step {step.Index}: plugin `{step.Path}` not found ({key})");
            return _cache.GetFile(key, step.Path!, step.Sha256);
        })).Value;
    }

    /// <summary>Runs one plugin step for one canister, its calls through <paramref name="gateway"/> when given; configuration
    /// errors are thrown as <see cref="SyncPluginException"/>.</summary>
    public async Task<SyncOutcome> RunAsync(IcpSyncContext ctx, IcpCanister canister, IcpPluginStep step, Action<string>? progress, CancellationToken ct,
        ICanisterGateway? gateway = null)
    {
        var where = $"{ctx.Project.File}: canister `{canister.Name}`: sync step {step.Index}";
        var baseDir = ctx.DirOf(canister);
        IReadOnlyList<string> dirs;
        List<(string, string)> files;
        try
        {
            dirs = SyncSandbox.ResolveDirs(baseDir, step.Dirs);
            files = [];
            foreach (var f in step.Files)
                files.Add((f.Name, SyncSandbox.ReadFiles(baseDir, [f.Path])[0].Content));
        }
        catch (SyncPluginException e)
        {
            throw new SyncPluginException($"{where}: {e.Message}");
        }
        files.AddRange(step.Fields.Select(kv => (kv.Key, kv.Value)));
        var targets = new Dictionary<string, string>();
        foreach (var t in step.Canisters) targets[t] = ctx.IdOf(t);
        var plugin = await LoadAsync(ctx, canister, step, ct).ConfigureAwait(false);
        var inv = new SyncInvocation
        {
            CanisterName = canister.Name,
            CanisterId = ctx.IdOf(canister.Name),
            Environment = ctx.Environment.Name,
            BaseDir = baseDir,
            Dirs = dirs,
            Files = files,
            IdentityPrincipal = ctx.IdentityPrincipal,
            ProxyCanisterId = ctx.ProxyCanisterId,
            CanisterIds = ctx.CanisterIds,
            DeclaredTargets = targets,
            ComputeLimit = ctx.ComputeLimit,
            Gateway = gateway,
        };
        return await _host.RunAsync(plugin, inv, progress, ct).ConfigureAwait(false);
    }
}
