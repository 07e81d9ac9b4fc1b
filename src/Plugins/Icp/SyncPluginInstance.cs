using PluginHost.Plugins.Hosting;
using Wasmtime;
using Wasmtime.Components;

namespace PluginHost.Plugins.Icp;

/// <summary>One sync plugin instantiated in its own fresh store: the memory limit, the compute limit (canister-call time
/// granted back), WASI 0.2 as a read-only sandbox (declared dirs read-only, no env, no args, no sockets) and
/// canister-call. Guest code runs on the calling thread, which needs <see cref="WasmEngine.RunnerThreadStackSize"/>;
/// <see cref="SyncPluginHost.RunAsync"/> makes one per canister and step. A store that trapped is disposed, never reused.</summary>
public sealed class SyncPluginInstance : IDisposable
{
    private readonly SyncPlugin _plugin;
    private readonly SyncInvocation _inv;
    private readonly Store _store;
    private readonly ComputeDeadline _deadline;
    private readonly CanisterCallImport _calls;
    private readonly CancellationToken _cancellation;
    private readonly ComponentFunction _exec;
    private int _callCount;

    /// <summary>Links and instantiates <paramref name="plugin"/> in a new store; stdout and stderr bytes go to the
    /// callbacks; calls go through <paramref name="gateway"/> (or <see cref="SyncInvocation.Gateway"/>). Throws what
    /// instantiation throws.</summary>
    public SyncPluginInstance(SyncPlugin plugin, SyncInvocation inv, ICanisterGateway gateway, WasiOutputCallback stdout,
        WasiOutputCallback stderr, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plugin);
        ArgumentNullException.ThrowIfNull(inv);
        _plugin = plugin;
        _inv = inv;
        _cancellation = cancellationToken;
        _calls = new CanisterCallImport(plugin.Version, inv, inv.Gateway ?? gateway);
        var engine = plugin.Engine;
        Limits = new StepLimits(engine.Settings.MaxMemoryBytes, inv.ComputeLimit, ComputeLimitHint: ComputeLimit.Variable);
        _store = StepStore.Create(engine, Limits);
        try
        {
            var wasi = new WasiConfiguration().WithStandardOutputCallback(stdout).WithStandardErrorCallback(stderr);
            foreach (var d in inv.Dirs)
                wasi.WithPreopenedDirectory(Path.GetFullPath(Path.Combine(inv.BaseDir, d)), d, mutable: false);
            _store.SetWasiConfiguration(wasi);
            _deadline = new ComputeDeadline(engine, inv.ComputeLimit, cancellationToken);
            _deadline.Attach(_store);
            var previous = SyncPluginLinker.Current;
            SyncPluginLinker.Current = this;
            try
            {
                var instance = plugin.Linker.Instantiate(_store, plugin.Component);
                _exec = instance.GetFunction("exec") ?? throw new SyncPluginException($"{plugin.Name}: does not export `exec`");
            }
            finally
            {
                SyncPluginLinker.Current = previous;
            }
        }
        catch
        {
            _store.Dispose();
            throw;
        }
    }

    /// <summary>The limits of this instance's store.</summary>
    public StepLimits Limits { get; }

    /// <summary>Canister calls made so far (refused ones included).</summary>
    public int Calls => _callCount;

    /// <summary>Compute time used so far (time in canister calls excluded).</summary>
    public TimeSpan ComputeUsed => _deadline.Used;

    /// <summary>Calls <c>exec</c> once with the invocation's input; returns null on ok, else the plugin's error string.
    /// Traps, the compute limit and cancellation are thrown (as Wasmtime reports them).</summary>
    public string? Exec()
    {
        var previous = SyncPluginLinker.Current;
        SyncPluginLinker.Current = this;
        try
        {
            var result = _exec.Call(SyncPluginHost.Input(_plugin.Version, _inv))
                ?? throw new SyncPluginException($"{_plugin.Name}: exec returned no result");
            return result.IsOk ? null : result.Payload?.AsString() ?? "plugin returned an error without a message";
        }
        finally
        {
            SyncPluginLinker.Current = previous;
        }
    }

    /// <summary>Serves the guest's canister-call (on the guest's thread), the clock paused while it is outstanding.</summary>
    internal ComponentValue CanisterCall(ComponentValue request)
    {
        _callCount++;
        return _deadline.Excluding(() => _calls.Call(request, _cancellation));
    }

    /// <summary>Releases the store.</summary>
    public void Dispose() => _store.Dispose();
}
