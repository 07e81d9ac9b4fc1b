using PluginHost.Wasm.Components;

namespace PluginHost.Plugins.Icp;

/// <summary>The world-level <c>canister-call</c> import of one plugin run: resolves the target (host, or a declared
/// name), routes through the proxy when asked, calls the gateway and lowers the reply.</summary>
internal sealed class CanisterCallImport(SyncWorldVersion version, SyncInvocation inv, ICanisterGateway gateway)
{
    /// <summary>Serves one <c>canister-call-request</c>; returns the <c>result&lt;list&lt;u8&gt;, string&gt;</c>.</summary>
    public ComponentValue Call(ComponentValue request, CancellationToken ct)
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
        var route = SyncPluginHost.Route(inv, target, method, arg, isQuery, direct, cycles);
        var reply = gateway.CallAsync(route, ct).GetAwaiter().GetResult();
        return reply.Error is null
            ? ComponentValue.Ok(ComponentValue.Bytes(reply.Reply ?? []))
            : ComponentValue.Err(ComponentValue.String(reply.Error));
    }

    private static bool IsCase(ComponentValue v, string name, int index) =>
        v.CaseName is not null ? v.CaseName == name : v.CaseIndex == index;
}
