namespace PluginHost.Wasm.Components;

/// <summary>A component-model value type (primitive or defined).</summary>
public abstract class ValType
{
    /// <summary>Nesting depth (1 for leaves), set by the decoder.</summary>
    internal int Depth { get; set; } = 1;
    /// <summary>Number of type nodes when expanded, set by the decoder.</summary>
    internal long Nodes { get; set; } = 1;

    /// <summary>WIT-like text form, e.g. "list&lt;u8&gt;".</summary>
    public abstract override string ToString();
}

/// <summary>The primitive value types.</summary>
public enum PrimKind : byte
{
    /// <summary>bool</summary>
    Bool = 0x7f,
    /// <summary>s8</summary>
    S8 = 0x7e,
    /// <summary>u8</summary>
    U8 = 0x7d,
    /// <summary>s16</summary>
    S16 = 0x7c,
    /// <summary>u16</summary>
    U16 = 0x7b,
    /// <summary>s32</summary>
    S32 = 0x7a,
    /// <summary>u32</summary>
    U32 = 0x79,
    /// <summary>s64</summary>
    S64 = 0x78,
    /// <summary>u64</summary>
    U64 = 0x77,
    /// <summary>f32</summary>
    F32 = 0x76,
    /// <summary>f64</summary>
    F64 = 0x75,
    /// <summary>char (a Unicode scalar value)</summary>
    Char = 0x74,
    /// <summary>string</summary>
    String = 0x73,
}

/// <summary>A primitive type.</summary>
public sealed class PrimType : ValType
{
    private static readonly Dictionary<PrimKind, PrimType> Cache = Enum.GetValues<PrimKind>().ToDictionary(k => k, k => new PrimType(k));

    private PrimType(PrimKind kind) => Kind = kind;

    /// <summary>Which primitive.</summary>
    public PrimKind Kind { get; }

    /// <summary>The shared instance for a kind.</summary>
    public static PrimType Of(PrimKind kind) => Cache[kind];

    /// <inheritdoc />
    public override string ToString() => Kind.ToString().ToLowerInvariant();
}

/// <summary>A named record field.</summary>
public sealed record Field(string Name, ValType Type);

/// <summary>A variant case with an optional payload.</summary>
public sealed record Case(string Name, ValType? Type);

/// <summary>record { fields }</summary>
public sealed class RecordType(IReadOnlyList<Field> fields) : ValType
{
    /// <summary>Fields in order.</summary>
    public IReadOnlyList<Field> Fields { get; } = fields;
    /// <inheritdoc />
    public override string ToString() => $"record {{ {string.Join(", ", Fields.Select(f => $"{f.Name}: {f.Type}"))} }}";
}

/// <summary>variant { cases }</summary>
public sealed class VariantType(IReadOnlyList<Case> cases) : ValType
{
    /// <summary>Cases in order.</summary>
    public IReadOnlyList<Case> Cases { get; } = cases;
    /// <inheritdoc />
    public override string ToString() => $"variant {{ {string.Join(", ", Cases.Select(c => c.Type is null ? c.Name : $"{c.Name}({c.Type})"))} }}";
}

/// <summary>list&lt;T&gt;</summary>
public sealed class ListType(ValType element) : ValType
{
    /// <summary>Element type.</summary>
    public ValType Element { get; } = element;
    /// <inheritdoc />
    public override string ToString() => $"list<{Element}>";
}

/// <summary>tuple&lt;T...&gt;</summary>
public sealed class TupleType(IReadOnlyList<ValType> items) : ValType
{
    /// <summary>Item types.</summary>
    public IReadOnlyList<ValType> Items { get; } = items;
    /// <inheritdoc />
    public override string ToString() => $"tuple<{string.Join(", ", Items)}>";
}

/// <summary>flags { names }</summary>
public sealed class FlagsType(IReadOnlyList<string> names) : ValType
{
    /// <summary>Flag names in bit order.</summary>
    public IReadOnlyList<string> Names { get; } = names;
    /// <inheritdoc />
    public override string ToString() => $"flags {{ {string.Join(", ", Names)} }}";
}

/// <summary>enum { names }</summary>
public sealed class EnumType(IReadOnlyList<string> names) : ValType
{
    /// <summary>Case names in order.</summary>
    public IReadOnlyList<string> Names { get; } = names;
    /// <inheritdoc />
    public override string ToString() => $"enum {{ {string.Join(", ", Names)} }}";
}

/// <summary>option&lt;T&gt;</summary>
public sealed class OptionType(ValType some) : ValType
{
    /// <summary>Payload type.</summary>
    public ValType Some { get; } = some;
    /// <inheritdoc />
    public override string ToString() => $"option<{Some}>";
}

/// <summary>result&lt;T, E&gt;</summary>
public sealed class ResultType(ValType? ok, ValType? err) : ValType
{
    /// <summary>Ok payload, or null.</summary>
    public ValType? Ok { get; } = ok;
    /// <summary>Error payload, or null.</summary>
    public ValType? Err { get; } = err;
    /// <inheritdoc />
    public override string ToString() => $"result<{Ok?.ToString() ?? "_"}, {Err?.ToString() ?? "_"}>";
}

/// <summary>own&lt;R&gt; or borrow&lt;R&gt;</summary>
public sealed class HandleType(ResourceTypeDef resource, bool borrow) : ValType
{
    /// <summary>The resource type.</summary>
    public ResourceTypeDef Resource { get; } = resource;
    /// <summary>True for borrow, false for own.</summary>
    public bool IsBorrow { get; } = borrow;
    /// <inheritdoc />
    public override string ToString() => $"{(IsBorrow ? "borrow" : "own")}<{Resource.Name}>";
}
