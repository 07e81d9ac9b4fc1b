using System.Diagnostics;
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
    /// <remarks>Traps and the compute limit become a failed <see cref="SyncOutcome"/>; cancellation interrupts the guest.</remarks>
    public async Task<SyncOutcome> RunAsync(SyncPlugin plugin, SyncInvocation inv, Action<string>? progress = null, CancellationToken cancellationToken = default)
    {
        var stdoutLines = new List<string>();
        var stderrLines = new List<string>();
        var stdout = new OutputLines("stdout", line => { lock (stdoutLines) stdoutLines.Add(line); progress?.Invoke(line); });
        var stderr = new OutputLines("stderr", line => { lock (stderrLines) stderrLines.Add(line); });
        var wasi = new Wasi2Context(new Wasi2Config
        {
            Preopens = inv.Dirs.Select(d => new Wasi2Preopen(Path.GetFullPath(Path.Combine(inv.BaseDir, d)), d)).ToArray(),
            Stdout = Wasi2OutputSink.Callback(b => stdout.Write(b.Span)),
            Stderr = Wasi2OutputSink.Callback(b => stderr.Write(b.Span)),
        });
        var engine = plugin.Component.Engine;
        var store = new Store(engine);
        var deadline = new Deadline(store, inv.ComputeLimit);
        var calls = 0;
        var linker = new ComponentLinker(engine);
        wasi.AddToLinker(linker);
        linker.Instance(plugin.TypesImport);
        linker.DefineFunction("canister-call", args =>
        {
            calls++;
            return deadline.Excluding(() => CanisterCall(plugin.Version, inv, args[0], cancellationToken));
        });

        string? error;
        using (cancellationToken.Register(store.Interrupt))
        {
            error = await Task.Run(() =>
            {
                try
                {
                    var instance = linker.Instantiate(store, plugin.Component);
                    var exec = instance.GetFunction("exec") ?? throw new SyncPluginException($"{plugin.Name}: does not export `exec`");
                    deadline.Start();
                    var result = exec.Call(Input(plugin.Version, inv))
                        ?? throw new SyncPluginException($"{plugin.Name}: exec returned no result");
                    return result.IsOk ? null : result.Payload?.AsString ?? "plugin returned an error without a message";
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
                finally
                {
                    deadline.Stop();
                }
            }, CancellationToken.None).ConfigureAwait(false);
        }
        stdout.Complete();
        stderr.Complete();
        return new SyncOutcome(error, stderrLines, stdoutLines, calls);
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

    private ComponentValue CanisterCall(SyncWorldVersion version, SyncInvocation inv, ComponentValue request, CancellationToken ct)
    {
        var f = request.Fields;
        var i = 0;
        var target = inv.CanisterId;
        if (version == SyncWorldVersion.V0_2)
        {
            var t = f[i++];
            if (IsCase(t, "name", 1))
            {
                var name = t.Payload!.AsString;
                if (!inv.DeclaredTargets.TryGetValue(name, out var id))
                    return ComponentValue.Err(ComponentValue.String(
                        $"canister `{name}` is not declared in this sync step's `canisters` list; declared: [{string.Join(", ", inv.DeclaredTargets.Keys.Order())}]"));
                target = id;
            }
        }
        var method = f[i++].AsString;
        var arg = f[i++].AsBytes;
        var isQuery = IsCase(f[i++], "query", 1);
        var direct = f[i++].AsBool;
        var cycles = f[i].AsU64;
        var route = Route(inv, target, method, arg, isQuery, direct, cycles);
        var reply = (inv.Gateway ?? _gateway).CallAsync(route, ct).GetAwaiter().GetResult();
        return reply.Error is null
            ? ComponentValue.Ok(ComponentValue.Bytes(reply.Reply ?? []))
            : ComponentValue.Err(ComponentValue.String(reply.Error));
    }

    /// <summary>Where a plugin's call goes: update calls with direct=false through the proxy's <c>proxy</c> method when a proxy is configured.</summary>
    public static CanisterCall Route(SyncInvocation inv, string target, string method, byte[] arg, bool isQuery, bool direct, ulong cycles)
    {
        if (!isQuery && !direct && inv.ProxyCanisterId is { } proxy)
            return new CanisterCall(proxy, "proxy", CandidProxyArgs.Encode(target, method, arg, cycles), IsQuery: false, Cycles: 0);
        return new CanisterCall(target, method, arg, isQuery, cycles);
    }

    private static bool IsCase(ComponentValue v, string name, int index) =>
        v.CaseName is not null ? v.CaseName == name : v.CaseIndex == index;

    /// <summary>The compute deadline of one run; time spent outside the guest (canister calls) extends it.</summary>
    private sealed class Deadline(Store store, TimeSpan limit)
    {
        private readonly Stopwatch _clock = new();
        private TimeSpan _excluded;

        public void Start()
        {
            _clock.Start();
            store.SetDeadline(limit);
        }

        public void Stop() => store.SetDeadline(Timeout.InfiniteTimeSpan);

        public T Excluding<T>(Func<T> action)
        {
            var remaining = limit + _excluded - _clock.Elapsed;
            store.SetDeadline(Timeout.InfiniteTimeSpan);
            var started = _clock.Elapsed;
            try
            {
                return action();
            }
            finally
            {
                _excluded += _clock.Elapsed - started;
                store.SetDeadline(remaining > TimeSpan.Zero ? remaining : TimeSpan.FromTicks(1));
            }
        }
    }
}
