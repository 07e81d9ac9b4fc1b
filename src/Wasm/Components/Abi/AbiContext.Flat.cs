using PluginHost.Wasm.Components.Runtime;
using ValueType = PluginHost.Wasm.Model.ValueType;

namespace PluginHost.Wasm.Components.Abi;

internal sealed partial class AbiContext
{
    /// <summary>Reads flat core values in order, coercing variant payload slots.</summary>
    internal sealed class FlatReader(IReadOnlyList<Value> values)
    {
        private int _i;

        public Value Next(ValueType want)
        {
            if (_i >= values.Count) throw AbiTraps.Trap("too few flat values");
            var v = values[_i++];
            if (v.Type != want) throw AbiTraps.Trap($"flat value {_i - 1} is {v.Type}, expected {want}");
            return v;
        }

        /// <summary>Reads a slot of type `have` and converts it to `want` (variant payload coercion).</summary>
        public Value NextCoerced(ValueType have, ValueType want)
        {
            var x = Next(have);
            return (have, want) switch
            {
                (ValueType.I32, ValueType.F32) => Value.FromF32Bits((uint)x.I32),
                (ValueType.I64, ValueType.I32) => Value.FromI32((int)x.I64),
                (ValueType.I64, ValueType.F32) => Value.FromF32Bits((uint)x.I64),
                (ValueType.I64, ValueType.F64) => Value.FromF64Bits((ulong)x.I64),
                _ => x,
            };
        }

        public void Skip() => _i++;

        public bool Done => _i == values.Count;
    }

    /// <summary>Reads from a list of (slot type, value) where the wanted type may differ (variant payloads).</summary>
    private sealed class CoercingReader(FlatReader inner, List<ValueType> slots) : IFlatSource
    {
        private int _i;
        public Value Next(ValueType want) => inner.NextCoerced(slots[_i++], want);
        public int Used => _i;
    }

    private interface IFlatSource
    {
        Value Next(ValueType want);
    }

    private sealed class PlainSource(FlatReader r) : IFlatSource
    {
        public Value Next(ValueType want) => r.Next(want);
    }

    public ComponentValue LiftFlat(ValType t, FlatReader r) => LiftFlat(t, new PlainSource(r));

    private ComponentValue LiftFlat(ValType t, IFlatSource r)
    {
        switch (t)
        {
            case PrimType p:
                switch (p.Kind)
                {
                    case PrimKind.Bool: return ComponentValue.Bool(r.Next(ValueType.I32).I32 != 0);
                    case PrimKind.S8: return ComponentValue.S64((sbyte)r.Next(ValueType.I32).I32);
                    case PrimKind.U8: return ComponentValue.U64((byte)r.Next(ValueType.I32).I32);
                    case PrimKind.S16: return ComponentValue.S64((short)r.Next(ValueType.I32).I32);
                    case PrimKind.U16: return ComponentValue.U64((ushort)r.Next(ValueType.I32).I32);
                    case PrimKind.S32: return ComponentValue.S64(r.Next(ValueType.I32).I32);
                    case PrimKind.U32: return ComponentValue.U64((uint)r.Next(ValueType.I32).I32);
                    case PrimKind.S64: return ComponentValue.S64(r.Next(ValueType.I64).I64);
                    case PrimKind.U64: return ComponentValue.U64((ulong)r.Next(ValueType.I64).I64);
                    case PrimKind.F32: return ComponentValue.F32(Canon32((int)r.Next(ValueType.F32).Bits));
                    case PrimKind.F64: return ComponentValue.F64(Canon64(r.Next(ValueType.F64).Bits));
                    case PrimKind.Char: return ComponentValue.Char(ToChar((uint)r.Next(ValueType.I32).I32));
                    default:
                        var sp = (uint)r.Next(ValueType.I32).I32;
                        return LoadString(sp, (uint)r.Next(ValueType.I32).I32);
                }
            case ListType l:
            {
                var lp = (uint)r.Next(ValueType.I32).I32;
                return LoadList(l.Element, lp, (uint)r.Next(ValueType.I32).I32);
            }
            case FlagsType f:
            {
                var words = new uint[(f.Names.Count + 31) / 32];
                for (var i = 0; i < words.Length; i++) words[i] = (uint)r.Next(ValueType.I32).I32;
                if (f.Names.Count < 32 && (words[0] >> f.Names.Count) != 0)
                    words[0] &= (1u << f.Names.Count) - 1; // bits beyond the flags are ignored
                return FlagsFromWords(f, words);
            }
            case HandleType h: return LiftHandle(h, (uint)r.Next(ValueType.I32).I32);
        }
        if (Layout.FieldTypes(t) is { } fields)
        {
            var values = new ComponentValue[fields.Count];
            for (var i = 0; i < fields.Count; i++) values[i] = LiftFlat(fields[i], r);
            return ComponentValue.Record(values);
        }
        var cases = Layout.Cases(t)!;
        var flat = Layout.FlattenVariant(cases);
        var disc = (uint)r.Next(ValueType.I32).I32;
        if (disc >= cases.Count) throw AbiTraps.Trap($"invalid discriminant {disc} for {t}");
        var slots = flat.GetRange(1, flat.Count - 1);
        // Read all payload slots as their joined types, then coerce to the case's own types.
        var raw = new Value[slots.Count];
        for (var i = 0; i < slots.Count; i++) raw[i] = r.Next(slots[i]);
        var caseType = cases[(int)disc];
        ComponentValue? payload = null;
        if (caseType is not null)
        {
            var sub = new FlatReader(raw);
            payload = LiftFlat(caseType, new CoercingReader(sub, slots));
        }
        return MakeCase(t, (int)disc, payload);
    }

    public void LowerFlat(ValType t, ComponentValue v, List<Value> output)
    {
        switch (t)
        {
            case PrimType { Kind: PrimKind.String }:
            {
                var (sp, sl) = StoreString(Expect(v, ComponentValueKind.String, t).AsString);
                output.Add(Value.FromI32((int)sp));
                output.Add(Value.FromI32((int)sl));
                return;
            }
            case PrimType p:
            {
                var bits = PrimBits(p, v);
                output.Add(p.Kind switch
                {
                    PrimKind.S64 or PrimKind.U64 => Value.FromI64((long)bits),
                    PrimKind.F32 => Value.FromF32Bits((uint)bits),
                    PrimKind.F64 => Value.FromF64Bits(bits),
                    PrimKind.S8 => Value.FromI32((sbyte)bits),
                    PrimKind.S16 => Value.FromI32((short)bits),
                    _ => Value.FromI32((int)(uint)bits),
                });
                return;
            }
            case ListType l:
            {
                var (lp, ll) = StoreList(l.Element, v, t);
                output.Add(Value.FromI32((int)lp));
                output.Add(Value.FromI32((int)ll));
                return;
            }
            case FlagsType f:
                foreach (var w in FlagWords(f, v)) output.Add(Value.FromI32((int)w));
                return;
            case HandleType h:
                output.Add(Value.FromI32((int)LowerHandle(h, v)));
                return;
        }
        if (Layout.FieldTypes(t) is { } fields)
        {
            var values = RecordFields(v, fields.Count, t);
            for (var i = 0; i < fields.Count; i++) LowerFlat(fields[i], values[i], output);
            return;
        }
        var (index, payload, payloadType) = ResolveCase(t, v);
        var flat = Layout.FlattenVariant(Layout.Cases(t)!);
        output.Add(Value.FromI32(index));
        var payloadFlat = new List<Value>();
        if (payloadType is not null) LowerFlat(payloadType, payload!, payloadFlat);
        for (var i = 1; i < flat.Count; i++)
        {
            var want = flat[i];
            if (i - 1 < payloadFlat.Count)
            {
                var have = payloadFlat[i - 1];
                output.Add((have.Type, want) switch
                {
                    (ValueType.F32, ValueType.I32) => Value.FromI32((int)have.Bits),
                    (ValueType.I32, ValueType.I64) => Value.FromI64((uint)have.I32),
                    (ValueType.F32, ValueType.I64) => Value.FromI64((uint)have.Bits),
                    (ValueType.F64, ValueType.I64) => Value.FromI64(have.Bits),
                    _ => have,
                });
            }
            else output.Add(Value.Default(want));
        }
    }

    // ---------------- handles ----------------

    /// <summary>Takes a handle out of this instance's table as a host-side value.</summary>
    private ComponentValue LiftHandle(HandleType h, uint index)
    {
        var expected = State.Resolve(h.Resource);
        if (h.IsBorrow)
        {
            var e = State.Handles.Get(index, expected);
            if (e.Own)
            {
                e.Lends++;
                Lent.Add(e);
            }
            return ComponentValue.Borrow(e.Type, e.Rep);
        }
        var own = State.Handles.Get(index, expected);
        if (!own.Own) throw AbiTraps.Trap($"handle {index} is a borrow, an own handle was expected");
        if (own.Lends > 0) throw AbiTraps.Trap($"cannot transfer own handle {index} while it is lent out");
        State.Handles.Remove(index, expected);
        return ComponentValue.Own(own.Type, own.Rep);
    }

    /// <summary>Puts a host-side handle value into this instance's table and returns the handle index (or the rep for borrows of own resources).</summary>
    private uint LowerHandle(HandleType h, ComponentValue v)
    {
        if (v.Kind != ComponentValueKind.Handle) throw Mismatch(v, h);
        var type = v.HandleType;
        var expected = State.Resolve(h.Resource);
        if (expected is not null && !ReferenceEquals(expected, type))
            throw new ArgumentException($"a handle to `{type.Name}` cannot be passed as {h}");
        if (!h.IsBorrow)
        {
            if (v.IsBorrow) throw new ArgumentException($"a borrow handle cannot be passed as {h}");
            return State.Handles.Add(new HandleEntry { Type = type, Rep = v.HandleRep, Own = true });
        }
        if (ReferenceEquals(type.Owner, State)) return v.HandleRep;
        if (Scope is not null) Scope.Borrows++;
        return State.Handles.Add(new HandleEntry { Type = type, Rep = v.HandleRep, Own = false, Scope = Scope });
    }

    /// <summary>Ends the lends taken while lifting borrow arguments of a lowered call.</summary>
    public void ReleaseLends()
    {
        foreach (var e in Lent) e.Lends--;
        Lent.Clear();
    }
}
