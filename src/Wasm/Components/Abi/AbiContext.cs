using System.Buffers.Binary;
using System.Text;
using PluginHost.Wasm.Components.Runtime;
using ValueType = PluginHost.Wasm.Model.ValueType;

namespace PluginHost.Wasm.Components.Abi;

/// <summary>Lifts and lowers component values for one call across the canonical ABI of one component instance.</summary>
internal sealed partial class AbiContext
{
    private const uint Utf16Tag = 1u << 31;
    /// <summary>Longest list (other than list&lt;u8&gt;) lifted into host values.</summary>
    private const uint MaxLiftedListLength = 1 << 24;

    public AbiContext(InstanceState state, Memory? memory, Func? realloc, StringEncoding encoding)
    {
        State = state;
        Memory = memory;
        Realloc = realloc;
        Encoding = encoding;
    }

    public InstanceState State { get; }
    public Memory? Memory { get; }
    public Func? Realloc { get; }
    public StringEncoding Encoding { get; }
    /// <summary>Borrow scope of a lifted call into this instance (lowering borrows into it).</summary>
    public CallScope? Scope { get; set; }
    /// <summary>Own handles lent during a lowered call; released after the call.</summary>
    public List<HandleEntry> Lent { get; } = new();

    private Memory Mem => Memory ?? throw AbiTraps.Trap("the canonical option `memory` is required");

    // ---------------- memory helpers ----------------

    private Span<byte> Span(long ptr, long len, string what)
    {
        var m = Mem;
        if (ptr < 0 || len < 0 || ptr + len > m.Length) throw AbiTraps.OutOfBounds(what, ptr, len);
        return m.GetSpan(ptr, (int)len);
    }

    private static void CheckAlign(long ptr, int align, string what)
    {
        if (ptr % align != 0) throw AbiTraps.Trap($"{what} pointer {ptr} is not aligned to {align}");
    }

    /// <summary>Calls the guest's realloc(0, 0, align, size) and checks the result.</summary>
    public uint Allocate(int align, long size, string what)
    {
        var realloc = Realloc ?? throw AbiTraps.Trap("the canonical option `realloc` is required");
        if (size > uint.MaxValue) throw AbiTraps.Trap($"{what} of {size} bytes is too large");
        var r = realloc.Invoke(Value.FromI32(0), Value.FromI32(0), Value.FromI32(align), Value.FromI32((int)(uint)size));
        var ptr = (uint)r[0].I32;
        CheckAlign(ptr, align, $"realloc result for {what}");
        if (ptr + (ulong)size > (ulong)Mem.Length) throw AbiTraps.OutOfBounds($"realloc result for {what}", ptr, size);
        return ptr;
    }

    // ---------------- load / store ----------------

    public ComponentValue Load(ValType t, long ptr)
    {
        CheckAlign(ptr, Layout.Alignment(t), t.ToString());
        var size = Layout.Size(t);
        switch (t)
        {
            case PrimType p:
            {
                var b = Span(ptr, size, p.ToString());
                return p.Kind switch
                {
                    PrimKind.Bool => ComponentValue.Bool(b[0] != 0),
                    PrimKind.S8 => ComponentValue.S64((sbyte)b[0]),
                    PrimKind.U8 => ComponentValue.U64(b[0]),
                    PrimKind.S16 => ComponentValue.S64(BinaryPrimitives.ReadInt16LittleEndian(b)),
                    PrimKind.U16 => ComponentValue.U64(BinaryPrimitives.ReadUInt16LittleEndian(b)),
                    PrimKind.S32 => ComponentValue.S64(BinaryPrimitives.ReadInt32LittleEndian(b)),
                    PrimKind.U32 => ComponentValue.U64(BinaryPrimitives.ReadUInt32LittleEndian(b)),
                    PrimKind.S64 => ComponentValue.S64(BinaryPrimitives.ReadInt64LittleEndian(b)),
                    PrimKind.U64 => ComponentValue.U64(BinaryPrimitives.ReadUInt64LittleEndian(b)),
                    PrimKind.F32 => ComponentValue.F32(Canon32(BinaryPrimitives.ReadInt32LittleEndian(b))),
                    PrimKind.F64 => ComponentValue.F64(Canon64(BinaryPrimitives.ReadInt64LittleEndian(b))),
                    PrimKind.Char => ComponentValue.Char(ToChar(BinaryPrimitives.ReadUInt32LittleEndian(b))),
                    _ => LoadString(BinaryPrimitives.ReadUInt32LittleEndian(b), BinaryPrimitives.ReadUInt32LittleEndian(b[4..])),
                };
            }
            case ListType l:
            {
                var b = Span(ptr, 8, t.ToString());
                return LoadList(l.Element, BinaryPrimitives.ReadUInt32LittleEndian(b), BinaryPrimitives.ReadUInt32LittleEndian(b[4..]));
            }
            case FlagsType f:
            {
                var b = Span(ptr, size, t.ToString());
                var words = new uint[(f.Names.Count + 31) / 32];
                if (size == 1) words[0] = b[0];
                else if (size == 2) words[0] = BinaryPrimitives.ReadUInt16LittleEndian(b);
                else for (var i = 0; i < words.Length; i++) words[i] = BinaryPrimitives.ReadUInt32LittleEndian(b[(4 * i)..]);
                return FlagsFromWords(f, words);
            }
            case HandleType h:
                return LiftHandle(h, BinaryPrimitives.ReadUInt32LittleEndian(Span(ptr, 4, t.ToString())));
        }
        if (Layout.FieldTypes(t) is { } fields)
        {
            var offsets = Layout.FieldOffsets(fields);
            var values = new ComponentValue[fields.Count];
            for (var i = 0; i < fields.Count; i++) values[i] = Load(fields[i], ptr + offsets[i]);
            return ComponentValue.Record(values);
        }
        var cases = Layout.Cases(t)!;
        var ds = Layout.DiscriminantSize(cases.Count);
        var db = Span(ptr, ds, t.ToString());
        var disc = ds == 1 ? db[0] : ds == 2 ? BinaryPrimitives.ReadUInt16LittleEndian(db) : BinaryPrimitives.ReadUInt32LittleEndian(db);
        if (disc >= cases.Count) throw AbiTraps.Trap($"invalid discriminant {disc} for {t}");
        var payloadType = cases[(int)disc];
        var payload = payloadType is null ? null : Load(payloadType, ptr + Layout.PayloadOffset(t));
        return MakeCase(t, (int)disc, payload);
    }

    private static ComponentValue MakeCase(ValType t, int index, ComponentValue? payload) =>
        t switch
        {
            OptionType => index == 0 ? ComponentValue.None : ComponentValue.Some(payload!),
            ResultType => index == 0 ? ComponentValue.Ok(payload) : ComponentValue.Err(payload),
            _ => CaseWithName(Layout.CaseNames(t)[index], index, payload),
        };

    private static ComponentValue CaseWithName(string name, int index, ComponentValue? payload) => ComponentValue.NamedCase(name, index, payload);

    public void Store(ValType t, ComponentValue v, long ptr)
    {
        CheckAlign(ptr, Layout.Alignment(t), t.ToString());
        var size = Layout.Size(t);
        switch (t)
        {
            case PrimType { Kind: PrimKind.String }:
            {
                var (sp, sl) = StoreString(Expect(v, ComponentValueKind.String, t).AsString);
                var b = Span(ptr, 8, t.ToString());
                BinaryPrimitives.WriteUInt32LittleEndian(b, sp);
                BinaryPrimitives.WriteUInt32LittleEndian(b[4..], sl);
                return;
            }
            case PrimType p:
            {
                var b = Span(ptr, size, t.ToString());
                var bits = PrimBits(p, v);
                switch (size)
                {
                    case 1: b[0] = (byte)bits; break;
                    case 2: BinaryPrimitives.WriteUInt16LittleEndian(b, (ushort)bits); break;
                    case 4: BinaryPrimitives.WriteUInt32LittleEndian(b, (uint)bits); break;
                    default: BinaryPrimitives.WriteUInt64LittleEndian(b, bits); break;
                }
                return;
            }
            case ListType l:
            {
                var (lp, ll) = StoreList(l.Element, v, t);
                var b = Span(ptr, 8, t.ToString());
                BinaryPrimitives.WriteUInt32LittleEndian(b, lp);
                BinaryPrimitives.WriteUInt32LittleEndian(b[4..], ll);
                return;
            }
            case FlagsType f:
            {
                var words = FlagWords(f, v);
                var b = Span(ptr, size, t.ToString());
                if (size == 1) b[0] = (byte)words[0];
                else if (size == 2) BinaryPrimitives.WriteUInt16LittleEndian(b, (ushort)words[0]);
                else for (var i = 0; i < words.Length; i++) BinaryPrimitives.WriteUInt32LittleEndian(b[(4 * i)..], words[i]);
                return;
            }
            case HandleType h:
            {
                var handle = LowerHandle(h, v);
                BinaryPrimitives.WriteUInt32LittleEndian(Span(ptr, 4, t.ToString()), handle);
                return;
            }
        }
        if (Layout.FieldTypes(t) is { } fields)
        {
            var values = RecordFields(v, fields.Count, t);
            var offsets = Layout.FieldOffsets(fields);
            for (var i = 0; i < fields.Count; i++) Store(fields[i], values[i], ptr + offsets[i]);
            return;
        }
        var (index, payload, payloadType) = ResolveCase(t, v);
        var cases = Layout.Cases(t)!;
        var ds = Layout.DiscriminantSize(cases.Count);
        var db = Span(ptr, ds, t.ToString());
        if (ds == 1) db[0] = (byte)index;
        else if (ds == 2) BinaryPrimitives.WriteUInt16LittleEndian(db, (ushort)index);
        else BinaryPrimitives.WriteUInt32LittleEndian(db, (uint)index);
        if (payloadType is not null) Store(payloadType, payload!, ptr + Layout.PayloadOffset(t));
    }

    // ---------------- strings ----------------

    public ComponentValue LoadString(uint ptr, uint taggedLength)
    {
        int align;
        long byteLength;
        bool utf16;
        switch (Encoding)
        {
            case StringEncoding.Utf8: align = 1; byteLength = taggedLength; utf16 = false; break;
            case StringEncoding.Utf16: align = 2; byteLength = 2L * taggedLength; utf16 = true; break;
            default:
                if ((taggedLength & Utf16Tag) != 0)
                {
                    align = 2; byteLength = 2L * (taggedLength ^ Utf16Tag); utf16 = true;
                }
                else
                {
                    align = 2; byteLength = taggedLength; utf16 = false;
                }
                break;
        }
        CheckAlign(ptr, align, "string");
        var bytes = Span(ptr, byteLength, "string");
        if (Encoding == StringEncoding.Latin1Utf16 && !utf16) return ComponentValue.String(System.Text.Encoding.Latin1.GetString(bytes));
        try
        {
            return ComponentValue.String(utf16 ? StrictUtf16.GetString(bytes) : StrictUtf8.GetString(bytes));
        }
        catch (DecoderFallbackException)
        {
            throw AbiTraps.Trap($"invalid {(utf16 ? "UTF-16" : "UTF-8")} in string at {ptr}");
        }
    }

    private static readonly UTF8Encoding StrictUtf8 = new(false, true);
    private static readonly UnicodeEncoding StrictUtf16 = new(false, false, true);

    public (uint Ptr, uint Length) StoreString(string s)
    {
        switch (Encoding)
        {
            case StringEncoding.Utf8:
            {
                var bytes = StrictUtf8Lossy(s);
                var ptr = Allocate(1, bytes.Length, "string");
                bytes.CopyTo(Span(ptr, bytes.Length, "string"));
                return (ptr, (uint)bytes.Length);
            }
            case StringEncoding.Utf16:
            {
                var ptr = Allocate(2, 2L * s.Length, "string");
                System.Text.Encoding.Unicode.GetBytes(s).CopyTo(Span(ptr, 2L * s.Length, "string"));
                return (ptr, (uint)s.Length);
            }
            default:
            {
                if (s.All(c => c < 256))
                {
                    var ptr = Allocate(2, s.Length, "string");
                    System.Text.Encoding.Latin1.GetBytes(s).CopyTo(Span(ptr, s.Length, "string"));
                    return (ptr, (uint)s.Length);
                }
                var p16 = Allocate(2, 2L * s.Length, "string");
                System.Text.Encoding.Unicode.GetBytes(s).CopyTo(Span(p16, 2L * s.Length, "string"));
                return (p16, (uint)s.Length | Utf16Tag);
            }
        }
    }

    private static byte[] StrictUtf8Lossy(string s)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(s);
        if (bytes.Length > int.MaxValue / 2) throw AbiTraps.Trap("string too long");
        return bytes;
    }

    // ---------------- lists ----------------

    public ComponentValue LoadList(ValType element, uint ptr, uint length)
    {
        var align = Layout.Alignment(element);
        var size = Layout.Size(element);
        CheckAlign(ptr, align, "list");
        var total = (long)length * size;
        var bytes = Span(ptr, total, $"list<{element}>");
        if (element is PrimType { Kind: PrimKind.U8 }) return ComponentValue.Bytes(bytes.ToArray());
        if (length > MaxLiftedListLength) throw AbiTraps.Trap($"list of {length} elements is too long to lift (limit {MaxLiftedListLength})");
        var items = new ComponentValue[length];
        for (var i = 0; i < length; i++) items[i] = Load(element, ptr + (long)i * size);
        return ComponentValue.List(items);
    }

    public (uint Ptr, uint Length) StoreList(ValType element, ComponentValue v, ValType listType)
    {
        var size = Layout.Size(element);
        var align = Layout.Alignment(element);
        if (v.Kind == ComponentValueKind.Bytes && element is PrimType { Kind: PrimKind.U8 or PrimKind.S8 })
        {
            var data = v.AsBytes;
            var p = Allocate(align, data.Length, listType.ToString());
            data.CopyTo(Span(p, data.Length, listType.ToString()));
            return (p, (uint)data.Length);
        }
        var items = Expect(v, ComponentValueKind.List, listType).Items;
        var total = (long)items.Count * size;
        var ptr = Allocate(align, total, listType.ToString());
        for (var i = 0; i < items.Count; i++) Store(element, items[i], ptr + (long)i * size);
        return (ptr, (uint)items.Count);
    }

    // ---------------- scalars ----------------

    private static float Canon32(int bits)
    {
        var f = BitConverter.Int32BitsToSingle(bits);
        return float.IsNaN(f) ? BitConverter.Int32BitsToSingle(0x7fc00000) : f;
    }

    private static double Canon64(long bits)
    {
        var f = BitConverter.Int64BitsToDouble(bits);
        return double.IsNaN(f) ? BitConverter.Int64BitsToDouble(0x7ff8000000000000) : f;
    }

    private static Rune ToChar(uint c)
    {
        if (c >= 0x110000 || (c >= 0xD800 && c <= 0xDFFF)) throw AbiTraps.Trap($"invalid char 0x{c:x}");
        return new Rune((int)c);
    }

    /// <summary>The raw bits of a primitive (non-string) value for its type, range-checked.</summary>
    private static ulong PrimBits(PrimType p, ComponentValue v)
    {
        switch (p.Kind)
        {
            case PrimKind.Bool: return Expect(v, ComponentValueKind.Bool, p).AsBool ? 1UL : 0;
            case PrimKind.F32:
            {
                var f = v.Kind == ComponentValueKind.F32 ? v.AsF32 : v.Kind == ComponentValueKind.F64 ? (float)v.AsF64 : throw Mismatch(v, p);
                return (uint)BitConverter.SingleToInt32Bits(float.IsNaN(f) ? BitConverter.Int32BitsToSingle(0x7fc00000) : f);
            }
            case PrimKind.F64:
            {
                var f = v.Kind == ComponentValueKind.F64 ? v.AsF64 : v.Kind == ComponentValueKind.F32 ? v.AsF32 : throw Mismatch(v, p);
                return (ulong)BitConverter.DoubleToInt64Bits(double.IsNaN(f) ? BitConverter.Int64BitsToDouble(0x7ff8000000000000) : f);
            }
            case PrimKind.Char: return (ulong)Expect(v, ComponentValueKind.Char, p).AsChar.Value;
        }
        var raw = Expect(v, ComponentValueKind.Integer, p);
        var signedNeg = raw.RawFloat < 0;
        var s = (long)raw.RawBits;
        var u = raw.RawBits;
        var (min, max) = p.Kind switch
        {
            PrimKind.S8 => (sbyte.MinValue, (ulong)sbyte.MaxValue),
            PrimKind.U8 => (0L, byte.MaxValue),
            PrimKind.S16 => (short.MinValue, (ulong)short.MaxValue),
            PrimKind.U16 => (0L, ushort.MaxValue),
            PrimKind.S32 => (int.MinValue, (ulong)int.MaxValue),
            PrimKind.U32 => (0L, uint.MaxValue),
            PrimKind.S64 => (long.MinValue, (ulong)long.MaxValue),
            _ => (0L, ulong.MaxValue),
        };
        var ok = signedNeg ? s >= min : u <= max;
        if (!ok) throw new ArgumentException($"value {raw} is out of range for {p}");
        return p.Kind switch
        {
            PrimKind.S8 or PrimKind.U8 => u & 0xff,
            PrimKind.S16 or PrimKind.U16 => u & 0xffff,
            PrimKind.S32 or PrimKind.U32 => u & 0xffffffff,
            _ => u,
        };
    }

    private static ComponentValue Expect(ComponentValue v, ComponentValueKind kind, ValType t) =>
        v.Kind == kind ? v : throw Mismatch(v, t);

    private static ArgumentException Mismatch(ComponentValue v, ValType t) => new($"a {v.Kind} value ({v}) cannot be passed as {t}");

    private static IReadOnlyList<ComponentValue> RecordFields(ComponentValue v, int count, ValType t)
    {
        var fields = Expect(v, ComponentValueKind.Record, t).Fields;
        if (fields.Count != count) throw new ArgumentException($"{t} has {count} fields, the value has {fields.Count}");
        return fields;
    }

    /// <summary>Finds the case index of a case value (by name or index) and its payload type.</summary>
    private static (int Index, ComponentValue? Payload, ValType? PayloadType) ResolveCase(ValType t, ComponentValue v)
    {
        if (v.Kind != ComponentValueKind.Case) throw Mismatch(v, t);
        var names = Layout.CaseNames(t);
        var cases = Layout.Cases(t)!;
        int index;
        if (v.CaseName is { } name)
        {
            index = -1;
            for (var i = 0; i < names.Count; i++) if (names[i] == name) { index = i; break; }
            if (index < 0 && t is ResultType && name == "err") index = 1;
            if (index < 0) throw new ArgumentException($"`{name}` is not a case of {t}");
        }
        else index = v.CaseIndex;
        if (index < 0 || index >= cases.Count) throw new ArgumentException($"case {index} is out of range for {t}");
        var payloadType = cases[index];
        if (payloadType is not null && v.Payload is null) throw new ArgumentException($"case `{names[index]}` of {t} needs a payload");
        return (index, payloadType is null ? null : v.Payload, payloadType);
    }

    private static uint[] FlagWords(FlagsType f, ComponentValue v)
    {
        var words = new uint[(f.Names.Count + 31) / 32];
        foreach (var name in Expect(v, ComponentValueKind.Flags, f).SetFlags)
        {
            var i = -1;
            for (var j = 0; j < f.Names.Count; j++) if (f.Names[j] == name) { i = j; break; }
            if (i < 0) throw new ArgumentException($"`{name}` is not a flag of {f}");
            words[i / 32] |= 1u << (i % 32);
        }
        return words;
    }

    private static ComponentValue FlagsFromWords(FlagsType f, uint[] words)
    {
        var set = new List<string>();
        for (var i = 0; i < f.Names.Count; i++) if ((words[i / 32] & (1u << (i % 32))) != 0) set.Add(f.Names[i]);
        return ComponentValue.Flags(set.ToArray());
    }
}
