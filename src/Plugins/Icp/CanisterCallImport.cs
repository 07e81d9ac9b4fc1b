using Wasmtime.Components;

namespace PluginHost.Plugins.Icp;

/// <summary>The world-level <c>canister-call</c> import of one plugin run: resolves the target (host, or a declared
/// name), routes through the proxy when asked, calls the gateway and lowers the reply.</summary>
internal sealed class CanisterCallImport(SyncWorldVersion version, SyncInvocation inv, ICanisterGateway gateway)
{
    /// <summary>Serves one <c>canister-call-request</c>; returns the <c>result&lt;list&lt;u8&gt;, string&gt;</c>.</summary>
    public ComponentValue Call(ComponentValue request, CancellationToken ct)
    {
        var target = inv.CanisterId;
        if (version == SyncWorldVersion.V0_2)
        {
            var t = request.Field("target");
            if (t.AsVariant() == "name")
            {
                var name = t.Payload!.AsString();
                if (!inv.DeclaredTargets.TryGetValue(name, out var id))
                    return ComponentValue.Err(ComponentValue.String(
                        $"canister `{name}` is not declared in this sync step's `canisters` list; declared: [{string.Join(", ", inv.DeclaredTargets.Keys.Order())}]"));
                target = id;
            }
        }
        var method = request.Field("method").AsString();
        var arg = Bytes(request.Field("arg"));
        var isQuery = request.Field("call-type").AsEnum() == "query";
        var direct = request.Field("direct").AsBool();
        var cycles = request.Field("cycles").AsU64();
        var route = SyncPluginHost.Route(inv, target, method, arg, isQuery, direct, cycles);
        var reply = gateway.CallAsync(route, ct).GetAwaiter().GetResult();
        return reply.Error is null
            ? ComponentValue.Ok(List(reply.Reply ?? []))
            : ComponentValue.Err(ComponentValue.String(reply.Error));
    }

    private static byte[] Bytes(ComponentValue list)
    {
        var items = list.AsList();
        var bytes = new byte[items.Count];
        for (var i = 0; i < bytes.Length; i++) bytes[i] = items[i].AsU8();
        return bytes;
    }

    private static ComponentValue List(byte[] bytes)
    {
        var items = new ComponentValue[bytes.Length];
        for (var i = 0; i < bytes.Length; i++) items[i] = ComponentValue.U8(bytes[i]);
        return ComponentValue.List(items);
    }
}
