using System.Text;

namespace PluginHost.Wasm.Components;

/// <summary>What a <see cref="ComponentValue"/> holds.</summary>
public enum ComponentValueKind
{
    /// <summary>bool</summary>
    Bool,
    /// <summary>Any integer (s8..u64); the bits are in <see cref="ComponentValue.AsS64"/>/<see cref="ComponentValue.AsU64"/>.</summary>
    Integer,
    /// <summary>f32</summary>
    F32,
    /// <summary>f64</summary>
    F64,
    /// <summary>char</summary>
    Char,
    /// <summary>string</summary>
    String,
    /// <summary>list of values</summary>
    List,
    /// <summary>list&lt;u8&gt; as a byte array</summary>
    Bytes,
    /// <summary>record or tuple (positional fields)</summary>
    Record,
    /// <summary>variant, enum, option or result: a case with an optional payload</summary>
    Case,
    /// <summary>flags: the set names</summary>
    Flags,
    /// <summary>own or borrow handle to a resource</summary>
    Handle,
}

/// <summary>A typed component value passed to or from component functions (lifted from or lowered to the canonical ABI).</summary>
/// <remarks>
/// Records and tuples are positional (field order of the type). Variants, enums, options and results are a case
/// (by name or index) with an optional payload: option is none/some, result is ok/error. Integers of any width share one
/// kind and are range-checked against the target type when lowered. list&lt;u8&gt; lifts to <see cref="ComponentValueKind.Bytes"/>.
/// </remarks>
public sealed class ComponentValue
{
    private readonly ulong _bits;
    private readonly double _float;
    private readonly object? _ref;

    private ComponentValue(ComponentValueKind kind, ulong bits = 0, double f = 0, object? reference = null, string? caseName = null, int caseIndex = -1)
    {
        Kind = kind;
        _bits = bits;
        _float = f;
        _ref = reference;
        CaseName = caseName;
        CaseIndex = caseIndex;
    }

    /// <summary>What the value holds.</summary>
    public ComponentValueKind Kind { get; }
    /// <summary>For a case: its name when known (always set when lifted).</summary>
    public string? CaseName { get; }
    /// <summary>For a case: its index when known (always set when lifted), else -1.</summary>
    public int CaseIndex { get; }

    /// <summary>A bool.</summary>
    public static ComponentValue Bool(bool v) => new(ComponentValueKind.Bool, v ? 1UL : 0);
    /// <summary>A signed integer (any of s8..s64, or unsigned types when in range).</summary>
    public static ComponentValue S64(long v) => new(ComponentValueKind.Integer, (ulong)v, f: v < 0 ? -1 : 0);
    /// <summary>An unsigned integer (any of u8..u64, or signed types when in range).</summary>
    public static ComponentValue U64(ulong v) => new(ComponentValueKind.Integer, v);
    /// <summary>An s32 (same as <see cref="S64"/>).</summary>
    public static ComponentValue S32(int v) => S64(v);
    /// <summary>A u32 (same as <see cref="U64"/>).</summary>
    public static ComponentValue U32(uint v) => U64(v);
    /// <summary>A u8.</summary>
    public static ComponentValue U8(byte v) => U64(v);
    /// <summary>An f32.</summary>
    public static ComponentValue F32(float v) => new(ComponentValueKind.F32, f: v);
    /// <summary>An f64.</summary>
    public static ComponentValue F64(double v) => new(ComponentValueKind.F64, f: v);
    /// <summary>A char (a Unicode scalar value).</summary>
    public static ComponentValue Char(Rune v) => new(ComponentValueKind.Char, (ulong)v.Value);
    /// <summary>A string.</summary>
    public static ComponentValue String(string v) => new(ComponentValueKind.String, reference: v ?? throw new ArgumentNullException(nameof(v)));
    /// <summary>A list.</summary>
    public static ComponentValue List(params ComponentValue[] items) => new(ComponentValueKind.List, reference: items);
    /// <summary>A list&lt;u8&gt;.</summary>
    public static ComponentValue Bytes(byte[] bytes) => new(ComponentValueKind.Bytes, reference: bytes);
    /// <summary>A record or tuple, fields in type order.</summary>
    public static ComponentValue Record(params ComponentValue[] fields) => new(ComponentValueKind.Record, reference: fields);
    /// <summary>A tuple (same representation as a record).</summary>
    public static ComponentValue Tuple(params ComponentValue[] items) => Record(items);
    /// <summary>A variant or enum case by name, with an optional payload.</summary>
    public static ComponentValue Case(string name, ComponentValue? payload = null) => new(ComponentValueKind.Case, reference: payload, caseName: name);
    /// <summary>A variant or enum case by index, with an optional payload.</summary>
    public static ComponentValue Case(int index, ComponentValue? payload = null) => new(ComponentValueKind.Case, reference: payload, caseIndex: index);
    /// <summary>A case with both name and index (as lifted).</summary>
    internal static ComponentValue NamedCase(string name, int index, ComponentValue? payload) => new(ComponentValueKind.Case, reference: payload, caseName: name, caseIndex: index);
    /// <summary>An enum case (same as <see cref="Case(string, ComponentValue?)"/> without payload).</summary>
    public static ComponentValue Enum(string name) => Case(name);
    /// <summary>option: none.</summary>
    public static ComponentValue None { get; } = new(ComponentValueKind.Case, caseName: "none", caseIndex: 0);
    /// <summary>option: some(v).</summary>
    public static ComponentValue Some(ComponentValue v) => new(ComponentValueKind.Case, reference: v, caseName: "some", caseIndex: 1);
    /// <summary>option from a nullable value.</summary>
    public static ComponentValue Option(ComponentValue? v) => v is null ? None : Some(v);
    /// <summary>result: ok with optional payload.</summary>
    public static ComponentValue Ok(ComponentValue? v = null) => new(ComponentValueKind.Case, reference: v, caseName: "ok", caseIndex: 0);
    /// <summary>result: error with optional payload.</summary>
    public static ComponentValue Err(ComponentValue? v = null) => new(ComponentValueKind.Case, reference: v, caseName: "error", caseIndex: 1);
    /// <summary>flags: the names that are set.</summary>
    public static ComponentValue Flags(params string[] set) => new(ComponentValueKind.Flags, reference: set);
    /// <summary>An own handle to a resource of the given type with the given representation.</summary>
    public static ComponentValue Own(ResourceType type, uint rep) => new(ComponentValueKind.Handle, rep, reference: type, caseIndex: 0);
    /// <summary>A borrow handle to a resource of the given type with the given representation.</summary>
    public static ComponentValue Borrow(ResourceType type, uint rep) => new(ComponentValueKind.Handle, rep, reference: type, caseIndex: 1);

    /// <summary>As bool.</summary>
    public bool AsBool => Expect(ComponentValueKind.Bool)._bits != 0;
    /// <summary>Integer as signed 64-bit.</summary>
    public long AsS64 => (long)Expect(ComponentValueKind.Integer)._bits;
    /// <summary>Integer as unsigned 64-bit.</summary>
    public ulong AsU64 => Expect(ComponentValueKind.Integer)._bits;
    /// <summary>Integer as s32 (truncating).</summary>
    public int AsS32 => (int)AsS64;
    /// <summary>Integer as u32 (truncating).</summary>
    public uint AsU32 => (uint)AsU64;
    /// <summary>As f32.</summary>
    public float AsF32 => (float)Expect(ComponentValueKind.F32)._float;
    /// <summary>As f64.</summary>
    public double AsF64 => Expect(ComponentValueKind.F64)._float;
    /// <summary>As char.</summary>
    public Rune AsChar => new((int)Expect(ComponentValueKind.Char)._bits);
    /// <summary>As string.</summary>
    public string AsString => (string)Expect(ComponentValueKind.String)._ref!;
    /// <summary>As list items (a <see cref="ComponentValueKind.Bytes"/> value is expanded to u8 items).</summary>
    public IReadOnlyList<ComponentValue> Items => Kind == ComponentValueKind.Bytes
        ? ((byte[])_ref!).Select(b => U8(b)).ToArray()
        : (ComponentValue[])Expect(ComponentValueKind.List)._ref!;
    /// <summary>As list&lt;u8&gt; bytes (a list of integers is converted).</summary>
    public byte[] AsBytes => Kind == ComponentValueKind.List
        ? Items.Select(i => checked((byte)i.AsU64)).ToArray()
        : (byte[])Expect(ComponentValueKind.Bytes)._ref!;
    /// <summary>Record/tuple fields in order.</summary>
    public IReadOnlyList<ComponentValue> Fields => (ComponentValue[])Expect(ComponentValueKind.Record)._ref!;
    /// <summary>The payload of a case, or null.</summary>
    public ComponentValue? Payload => Kind == ComponentValueKind.Case ? (ComponentValue?)_ref : throw Mismatch(ComponentValueKind.Case);
    /// <summary>The set flag names.</summary>
    public IReadOnlyList<string> SetFlags => (string[])Expect(ComponentValueKind.Flags)._ref!;
    /// <summary>The resource type of a handle.</summary>
    public ResourceType HandleType => (ResourceType)Expect(ComponentValueKind.Handle)._ref!;
    /// <summary>The representation (rep) of a handle's resource.</summary>
    public uint HandleRep => (uint)Expect(ComponentValueKind.Handle)._bits;
    /// <summary>True for a borrow handle.</summary>
    public bool IsBorrow => Expect(ComponentValueKind.Handle).CaseIndex == 1;
    /// <summary>True for result ok (case 0 named "ok").</summary>
    public bool IsOk => Kind == ComponentValueKind.Case && (CaseName == "ok" || (CaseName is null && CaseIndex == 0));
    /// <summary>True for option some.</summary>
    public bool IsSome => Kind == ComponentValueKind.Case && (CaseName == "some" || (CaseName is null && CaseIndex == 1));

    internal double RawFloat => _float;
    internal ulong RawBits => _bits;
    internal object? RawRef => _ref;

    private ComponentValue Expect(ComponentValueKind kind) => Kind == kind ? this : throw Mismatch(kind);

    private InvalidOperationException Mismatch(ComponentValueKind kind) => new($"component value is {Kind}, not {kind}");

    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        ComponentValueKind.Bool => AsBool ? "true" : "false",
        ComponentValueKind.Integer => _float < 0 ? AsS64.ToString() : AsU64.ToString(),
        ComponentValueKind.F32 or ComponentValueKind.F64 => _float.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ComponentValueKind.Char => $"'{AsChar}'",
        ComponentValueKind.String => $"\"{AsString}\"",
        ComponentValueKind.List => $"[{string.Join(", ", Items)}]",
        ComponentValueKind.Bytes => $"bytes[{AsBytes.Length}]",
        ComponentValueKind.Record => $"{{{string.Join(", ", Fields)}}}",
        ComponentValueKind.Case => Payload is null ? (CaseName ?? $"#{CaseIndex}") : $"{CaseName ?? $"#{CaseIndex}"}({Payload})",
        ComponentValueKind.Flags => $"flags({string.Join(", ", SetFlags)})",
        ComponentValueKind.Handle => $"{(IsBorrow ? "borrow" : "own")}<{HandleType.Name}>({HandleRep})",
        _ => Kind.ToString(),
    };

    /// <summary>Structural equality (used by tests).</summary>
    public override bool Equals(object? obj)
    {
        if (obj is not ComponentValue o) return false;
        if (Kind == ComponentValueKind.Bytes || o.Kind == ComponentValueKind.Bytes)
            return (Kind is ComponentValueKind.Bytes or ComponentValueKind.List) && (o.Kind is ComponentValueKind.Bytes or ComponentValueKind.List)
                && AsBytes.AsSpan().SequenceEqual(o.AsBytes);
        if (Kind != o.Kind) return false;
        return Kind switch
        {
            ComponentValueKind.F32 or ComponentValueKind.F64 => _float.Equals(o._float),
            ComponentValueKind.String => AsString == o.AsString,
            ComponentValueKind.List => Items.SequenceEqual(o.Items),
            ComponentValueKind.Record => Fields.SequenceEqual(o.Fields),
            ComponentValueKind.Case => (CaseName is not null && o.CaseName is not null ? CaseName == o.CaseName : CaseIndex == o.CaseIndex) && Equals(Payload, o.Payload),
            ComponentValueKind.Flags => SetFlags.OrderBy(x => x).SequenceEqual(o.SetFlags.OrderBy(x => x)),
            ComponentValueKind.Handle => _bits == o._bits && ReferenceEquals(_ref, o._ref) && CaseIndex == o.CaseIndex,
            _ => _bits == o._bits,
        };
    }

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Kind, _bits);
}
