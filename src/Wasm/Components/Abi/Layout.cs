using ValueType = PluginHost.Wasm.Model.ValueType;

namespace PluginHost.Wasm.Components.Abi;

/// <summary>Canonical ABI sizes, alignments and flattening of component value types.</summary>
internal static class Layout
{
    public const int MaxFlatParams = 16;
    public const int MaxFlatResults = 1;

    /// <summary>Discriminant byte size for n cases.</summary>
    public static int DiscriminantSize(int n) => n <= 256 ? 1 : n <= 65536 ? 2 : 4;

    public static int AlignTo(int x, int a) => (x + a - 1) / a * a;

    /// <summary>Cases of variant-like types (variant, enum, option, result), or null.</summary>
    public static IReadOnlyList<ValType?>? Cases(ValType t) => t switch
    {
        VariantType v => v.Cases.Select(c => c.Type).ToArray(),
        EnumType e => new ValType?[e.Names.Count],
        OptionType o => [null, o.Some],
        ResultType r => [r.Ok, r.Err],
        _ => null,
    };

    /// <summary>Names of the cases of a variant-like type.</summary>
    public static IReadOnlyList<string> CaseNames(ValType t) => t switch
    {
        VariantType v => v.Cases.Select(c => c.Name).ToArray(),
        EnumType e => e.Names,
        OptionType => ["none", "some"],
        ResultType => ["ok", "error"],
        _ => [],
    };

    /// <summary>Field types of record-like types (record, tuple), or null.</summary>
    public static IReadOnlyList<ValType>? FieldTypes(ValType t) => t switch
    {
        RecordType r => r.Fields.Select(f => f.Type).ToArray(),
        TupleType u => u.Items,
        _ => null,
    };

    public static int Alignment(ValType t)
    {
        switch (t)
        {
            case PrimType p:
                return p.Kind switch
                {
                    PrimKind.Bool or PrimKind.S8 or PrimKind.U8 => 1,
                    PrimKind.S16 or PrimKind.U16 => 2,
                    PrimKind.S64 or PrimKind.U64 or PrimKind.F64 => 8,
                    _ => 4,
                };
            case ListType: return 4;
            case FlagsType f: return f.Names.Count <= 8 ? 1 : f.Names.Count <= 16 ? 2 : 4;
            case HandleType: return 4;
        }
        if (FieldTypes(t) is { } fields) return fields.Max(Alignment);
        var cases = Cases(t)!;
        var a = DiscriminantSize(cases.Count);
        foreach (var c in cases) if (c is not null) a = Math.Max(a, Alignment(c));
        return a;
    }

    public static int Size(ValType t)
    {
        switch (t)
        {
            case PrimType p:
                return p.Kind switch
                {
                    PrimKind.Bool or PrimKind.S8 or PrimKind.U8 => 1,
                    PrimKind.S16 or PrimKind.U16 => 2,
                    PrimKind.S64 or PrimKind.U64 or PrimKind.F64 => 8,
                    PrimKind.String => 8,
                    _ => 4,
                };
            case ListType: return 8;
            case FlagsType f: return f.Names.Count <= 8 ? 1 : f.Names.Count <= 16 ? 2 : 4 * ((f.Names.Count + 31) / 32);
            case HandleType: return 4;
        }
        if (FieldTypes(t) is { } fields)
        {
            var s = 0;
            foreach (var f in fields) s = AlignTo(s, Alignment(f)) + Size(f);
            return AlignTo(s, Alignment(t));
        }
        return AlignTo(PayloadOffset(t) + MaxCaseSize(Cases(t)!), Alignment(t));
    }

    /// <summary>Offset of a variant's payload after its discriminant.</summary>
    public static int PayloadOffset(ValType t)
    {
        var cases = Cases(t)!;
        var maxAlign = 1;
        foreach (var c in cases) if (c is not null) maxAlign = Math.Max(maxAlign, Alignment(c));
        return AlignTo(DiscriminantSize(cases.Count), maxAlign);
    }

    private static int MaxCaseSize(IReadOnlyList<ValType?> cases)
    {
        var m = 0;
        foreach (var c in cases) if (c is not null) m = Math.Max(m, Size(c));
        return m;
    }

    /// <summary>Offsets of record fields.</summary>
    public static int[] FieldOffsets(IReadOnlyList<ValType> fields)
    {
        var offsets = new int[fields.Count];
        var s = 0;
        for (var i = 0; i < fields.Count; i++)
        {
            s = AlignTo(s, Alignment(fields[i]));
            offsets[i] = s;
            s += Size(fields[i]);
        }
        return offsets;
    }

    /// <summary>The core types a value of the type flattens to.</summary>
    public static List<ValueType> Flatten(ValType t)
    {
        var list = new List<ValueType>();
        FlattenInto(t, list);
        return list;
    }

    private static void FlattenInto(ValType t, List<ValueType> list)
    {
        switch (t)
        {
            case PrimType p:
                switch (p.Kind)
                {
                    case PrimKind.S64 or PrimKind.U64: list.Add(ValueType.I64); break;
                    case PrimKind.F32: list.Add(ValueType.F32); break;
                    case PrimKind.F64: list.Add(ValueType.F64); break;
                    case PrimKind.String: list.Add(ValueType.I32); list.Add(ValueType.I32); break;
                    default: list.Add(ValueType.I32); break;
                }
                return;
            case ListType: list.Add(ValueType.I32); list.Add(ValueType.I32); return;
            case FlagsType f: for (var i = 0; i < (f.Names.Count + 31) / 32; i++) list.Add(ValueType.I32); return;
            case HandleType: list.Add(ValueType.I32); return;
        }
        if (FieldTypes(t) is { } fields)
        {
            foreach (var f in fields) FlattenInto(f, list);
            return;
        }
        list.AddRange(FlattenVariant(Cases(t)!));
    }

    /// <summary>Flat types of a variant: discriminant then the joined payload slots.</summary>
    public static List<ValueType> FlattenVariant(IReadOnlyList<ValType?> cases)
    {
        var flat = new List<ValueType>();
        foreach (var c in cases)
        {
            if (c is null) continue;
            var ft = Flatten(c);
            for (var i = 0; i < ft.Count; i++)
            {
                if (i < flat.Count) flat[i] = Join(flat[i], ft[i]);
                else flat.Add(ft[i]);
            }
        }
        flat.Insert(0, ValueType.I32);
        return flat;
    }

    private static ValueType Join(ValueType a, ValueType b)
    {
        if (a == b) return a;
        if ((a == ValueType.I32 && b == ValueType.F32) || (a == ValueType.F32 && b == ValueType.I32)) return ValueType.I32;
        return ValueType.I64;
    }

    /// <summary>The core signature of a lifted (callee) or lowered (caller) function.</summary>
    public static Model.FuncType CoreSignature(ComponentFuncType ft, bool lift)
    {
        var ps = new List<ValueType>();
        foreach (var p in ft.Params) ps.AddRange(Flatten(p.Type));
        if (ps.Count > MaxFlatParams) ps = [ValueType.I32];
        var rs = ft.Result is null ? new List<ValueType>() : Flatten(ft.Result);
        if (rs.Count > MaxFlatResults)
        {
            if (lift) rs = [ValueType.I32];
            else
            {
                ps.Add(ValueType.I32);
                rs = [];
            }
        }
        return new Model.FuncType(ps.ToArray(), rs.ToArray());
    }

    /// <summary>Whether lifting/lowering the signature touches memory, and whether it allocates in the core side.</summary>
    public static bool NeedsMemory(ComponentFuncType ft, bool lift, out bool needsRealloc)
    {
        var flatParams = ft.Params.Sum(p => Flatten(p.Type).Count);
        var flatResults = ft.Result is null ? 0 : Flatten(ft.Result).Count;
        var paramsUseMemory = ft.Params.Any(p => UsesMemory(p.Type)) || flatParams > MaxFlatParams;
        var resultsUseMemory = (ft.Result is not null && UsesMemory(ft.Result)) || flatResults > MaxFlatResults;
        // lift: the host writes params into guest memory (realloc); lower: the host writes results into guest memory.
        needsRealloc = lift
            ? ft.Params.Any(p => UsesMemory(p.Type)) || flatParams > MaxFlatParams
            : ft.Result is not null && UsesMemory(ft.Result);
        return paramsUseMemory || resultsUseMemory;
    }

    /// <summary>True when values of the type live (partly) in linear memory (strings and lists).</summary>
    public static bool UsesMemory(ValType t) => t switch
    {
        PrimType p => p.Kind == PrimKind.String,
        ListType => true,
        RecordType r => r.Fields.Any(f => UsesMemory(f.Type)),
        TupleType u => u.Items.Any(UsesMemory),
        _ => Cases(t) is { } cases && cases.Any(c => c is not null && UsesMemory(c)),
    };
}
