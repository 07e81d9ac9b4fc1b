using PluginHost.Wasm.Wasi;
using System.Diagnostics;
using PluginHost.Wasm;
using PluginHost.Wasm.Components;
using PluginHost.Wasm.Wasi2;

namespace PluginHost.Plugins.Icp;

/// <summary>One instantiated sync plugin in its own store, sandboxed WASI 0.2 and canister-call linked; <see cref="Exec"/>
/// runs <c>exec</c> under the compute limit. <see cref="SyncPluginHost.RunAsync"/> makes one per canister and step.</summary>
public sealed class SyncPluginInstance
{
    private readonly SyncPlugin _plugin;
    private readonly SyncInvocation _inv;
    private readonly Store _store;
    private readonly ComputeDeadline _deadline;
    private readonly ComponentFunc _exec;
    private int _calls;

    /// <summary>Links and instantiates <paramref name="plugin"/> in a new store; stdout and stderr bytes go to the sinks;
    /// calls go through <paramref name="gateway"/> (or <see cref="SyncInvocation.Gateway"/>). Throws what instantiation throws.</summary>
    public SyncPluginInstance(SyncPlugin plugin, SyncInvocation inv, ICanisterGateway gateway, OutputSink stdout, OutputSink stderr,
        CancellationToken cancellationToken = default)
    {
        _plugin = plugin;
        _inv = inv;
        var wasi = new Wasi2Context(new Wasi2Config
        {
            Preopens = inv.Dirs.Select(d => new Wasi2Preopen(Path.GetFullPath(Path.Combine(inv.BaseDir, d)), d)).ToArray(),
            Stdout = stdout,
            Stderr = stderr,
        });
        var engine = plugin.Component.Engine;
        _store = new Store(engine);
        _deadline = new ComputeDeadline(_store, inv.ComputeLimit);
        var linker = new ComponentLinker(engine);
        wasi.AddToLinker(linker);
        linker.Instance(plugin.TypesImport);
        var calls = new CanisterCallImport(plugin.Version, inv, inv.Gateway ?? gateway);
        linker.DefineFunction("canister-call", args =>
        {
            _calls++;
            return _deadline.Excluding(() => calls.Call(args[0], cancellationToken));
        });
        var instance = linker.Instantiate(_store, plugin.Component);
        _exec = instance.GetFunction("exec") ?? throw new SyncPluginException($"{plugin.Name}: does not export `exec`");
    }

    /// <summary>The store (interrupt it to cancel).</summary>
    public Store Store => _store;

    /// <summary>Canister calls made so far (refused ones included).</summary>
    public int Calls => _calls;

    /// <summary>Time spent compiling guest code to machine code (.NET JIT) during <see cref="Exec"/> calls, credited back to the compute limit.</summary>
    public TimeSpan JitTime => _deadline.Jit;

    /// <summary>Calls <c>exec</c> once with the invocation's input under the compute limit; returns null on ok, else the
    /// plugin's error string. Traps and interruptions are thrown as <see cref="WasmTrapException"/>.</summary>
    public string? Exec()
    {
        _deadline.Start();
        try
        {
            var result = _exec.Call(SyncPluginHost.Input(_plugin.Version, _inv))
                ?? throw new SyncPluginException($"{_plugin.Name}: exec returned no result");
            return result.IsOk ? null : result.Payload?.AsString ?? "plugin returned an error without a message";
        }
        finally
        {
            _deadline.Stop();
        }
    }
}
