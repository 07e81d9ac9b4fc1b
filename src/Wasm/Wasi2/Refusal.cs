using PluginHost.Wasm.Components;

namespace PluginHost.Wasm.Wasi2;

/// <summary>Answers calls to interfaces the host does not implement (sockets, http, newer functions) with a refusal.</summary>
/// <remarks>
/// Functions returning result&lt;_, E&gt; return an error: the first of the preferred case names E has
/// (e.g. "access-denied", "HTTP-request-denied", "read-only"), else E's first case without payload. Other results get a
/// neutral default (false, 0, "", empty list, none, a fresh handle for own&lt;R&gt;), so guests see "nothing available".
/// </remarks>
public static class Refusal
{
    private static uint s_nextRep = 1_000_000;

    /// <summary>A fallback that refuses every call with the given preferred error case names.</summary>
    public static ComponentFallbackFunction Refuse(params string[] preferredErrors) =>
        (_, type, _, resolve) => type.Result is null ? null : Default(type.Result, preferredErrors, resolve, refuse: true);

    /// <summary>The refusal value of a type.</summary>
    public static ComponentValue Default(ValType t, IReadOnlyList<string> preferred, Func<ResourceTypeDef, ResourceType?> resolve, bool refuse)
    {
        switch (t)
        {
            case PrimType p:
                return p.Kind switch
                {
                    PrimKind.Bool => ComponentValue.Bool(false),
                    PrimKind.F32 => ComponentValue.F32(0),
                    PrimKind.F64 => ComponentValue.F64(0),
                    PrimKind.Char => ComponentValue.Char(new System.Text.Rune('?')),
                    PrimKind.String => ComponentValue.String(""),
                    _ => ComponentValue.U64(0),
                };
            case ListType l: return l.Element is PrimType { Kind: PrimKind.U8 } ? ComponentValue.Bytes([]) : ComponentValue.List();
            case RecordType r: return ComponentValue.Record(r.Fields.Select(f => Default(f.Type, preferred, resolve, false)).ToArray());
            case TupleType u: return ComponentValue.Tuple(u.Items.Select(i => Default(i, preferred, resolve, false)).ToArray());
            case FlagsType: return ComponentValue.Flags();
            case EnumType e: return ComponentValue.Enum(Pick(e.Names, preferred) ?? e.Names[0]);
            case OptionType: return ComponentValue.None;
            case ResultType res:
                if (refuse && res.Err is not null) return ComponentValue.Err(Default(res.Err, preferred, resolve, true));
                if (refuse) return ComponentValue.Err();
                return ComponentValue.Ok(res.Ok is null ? null : Default(res.Ok, preferred, resolve, false));
            case VariantType v:
            {
                var name = Pick(v.Cases.Where(c => c.Type is null).Select(c => c.Name).ToArray(), preferred);
                var chosen = name is not null ? v.Cases.First(c => c.Name == name) : v.Cases.FirstOrDefault(c => c.Type is null) ?? v.Cases[0];
                return ComponentValue.Case(chosen.Name, chosen.Type is null ? null : Default(chosen.Type, preferred, resolve, false));
            }
            case HandleType h:
            {
                var type = resolve(h.Resource) ?? throw new WasmTrapException(TrapKind.HostError, $"resource `{h.Resource.Name}` is not available");
                return ComponentValue.Own(type, Interlocked.Increment(ref s_nextRep));
            }
            default: throw new WasmTrapException(TrapKind.HostError, $"no refusal value for {t}");
        }
    }

    private static string? Pick(IReadOnlyList<string> names, IReadOnlyList<string> preferred)
    {
        foreach (var p in preferred) if (names.Contains(p)) return p;
        return null;
    }
}
