using PluginHost.Wasm.Wasi;
using PluginHost.Wasm;
using PluginHost.Wasm.Components;
using PluginHost.Wasm.Wasi2;

namespace PluginHost.Plugins.Icp;

/// <summary>Runs a sync plugin's <c>exec</c> for one canister: builds the input, links canister-call and sandboxed WASI 0.2.</summary>
public sealed class SyncPluginHost
{
    private readonly ICanisterGateway _gateway;

    /// <summary>Creates a host whose canister calls go through <paramref name="gateway"/>.</summary>
    public SyncPluginHost(ICanisterGateway gateway) => _gateway = gateway;

    /// <summary>Runs the plugin; stdout lines go to <paramref name="progress"/> as they come.</summary>
    /// <remarks>Traps and the compute limit become a failed <see cref="SyncOutcome"/>; cancellation interrupts the guest.
    /// The plugin is compiled before (<see cref="SyncPlugin.Load"/>): the compute limit covers only the exec.</remarks>
    public async Task<SyncOutcome> RunAsync(SyncPlugin plugin, SyncInvocation inv, Action<string>? progress = null, CancellationToken cancellationToken = default)
    {
        var stdoutLines = new List<string>();
        var stderrLines = new List<string>();
        var stdout = new OutputLines("stdout", line => { lock (stdoutLines) stdoutLines.Add(line); progress?.Invoke(line); });
        var stderr = new OutputLines("stderr", line => { lock (stderrLines) stderrLines.Add(line); });
        SyncPluginInstance? instance = null;
        var interrupted = 0;
        string? error;
        using (cancellationToken.Register(() => { Volatile.Write(ref interrupted, 1); instance?.Store.Interrupt(); }))
        {
            error = await Task.Run(() =>
            {
                try
                {
                    instance = new SyncPluginInstance(plugin, inv, _gateway,
                        OutputSink.Callback("stdout", b => stdout.Write(b.Span)), OutputSink.Callback("stderr", b => stderr.Write(b.Span)), cancellationToken);
                    if (Volatile.Read(ref interrupted) == 1) return "cancelled";
                    return instance.Exec();
                }
                catch (WasmTrapException e) when (e.Kind == TrapKind.Interrupted)
                {
                    return cancellationToken.IsCancellationRequested
                        ? "cancelled"
                        : $"plugin exceeded the compute limit of {inv.ComputeLimit.TotalSeconds:0} s ({ComputeLimit.Variable})";
                }
                catch (WasmTrapException e)
                {
                    return $"plugin trapped: {e.Message}";
                }
                catch (Wasi2ExitException e)
                {
                    return $"plugin exited with code {e.Code}";
                }
                catch (WasmLinkException e)
                {
                    return $"{plugin.Name}: cannot be linked: {e.Message}";
                }
            }, CancellationToken.None).ConfigureAwait(false);
        }
        stdout.Complete();
        stderr.Complete();
        return new SyncOutcome(error, stderrLines, stdoutLines, instance?.Calls ?? 0);
    }

    /// <summary>Builds the <c>sync-exec-input</c> record in the version's field order.</summary>
    public static ComponentValue Input(SyncWorldVersion version, SyncInvocation inv)
    {
        var fields = new List<ComponentValue>
        {
            ComponentValue.String(inv.CanisterId),
            ComponentValue.String(inv.Environment),
            ComponentValue.List(inv.Dirs.Select(ComponentValue.String).ToArray()),
            ComponentValue.List(inv.Files.Select(f => ComponentValue.Record(ComponentValue.String(f.Name), ComponentValue.String(f.Content))).ToArray()),
            ComponentValue.String(inv.IdentityPrincipal),
            ComponentValue.Option(inv.ProxyCanisterId is null ? null : ComponentValue.String(inv.ProxyCanisterId)),
        };
        if (version == SyncWorldVersion.V0_2)
            fields.Add(ComponentValue.List(inv.CanisterIds.Select(e => ComponentValue.Record(ComponentValue.String(e.Name), ComponentValue.String(e.Id))).ToArray()));
        return ComponentValue.Record(fields.ToArray());
    }

    /// <summary>Where a plugin's call goes: update calls with direct=false through the proxy's <c>proxy</c> method when a proxy is configured.</summary>
    public static CanisterCall Route(SyncInvocation inv, string target, string method, byte[] arg, bool isQuery, bool direct, ulong cycles)
    {
        if (!isQuery && !direct && inv.ProxyCanisterId is { } proxy)
            return new CanisterCall(proxy, "proxy", CandidProxyArgs.Encode(target, method, arg, cycles), IsQuery: false, Cycles: 0);
        return new CanisterCall(target, method, arg, isQuery, cycles);
    }
}
