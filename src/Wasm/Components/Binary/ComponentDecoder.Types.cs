using PluginHost.Wasm.Model;
using ValueType = PluginHost.Wasm.Model.ValueType;

namespace PluginHost.Wasm.Components.Binary;

internal sealed partial class ComponentDecoder
{
    private static void AddType(ComponentDefinition def, DecodeScope scope, object type)
    {
        scope.Types.Add(type);
        if (type is ResourceTypeDef r) def.Definitions.Add(new ResourceDef(r));
    }

    private object DecodeDefType(ComponentReader s, DecodeScope scope, int depth)
    {
        if (depth > MaxDepth) throw s.Error("types nested too deeply");
        var b = s.Peek();
        switch (b)
        {
            case 0x40:
            {
                s.Byte();
                var n = s.Count(2);
                var ps = new Field[n];
                var names = new HashSet<string>(StringComparer.Ordinal);
                for (var i = 0; i < n; i++)
                {
                    var name = s.Name();
                    if (!names.Add(name)) throw s.Error($"duplicate parameter name `{name}`");
                    ps[i] = new Field(name, ReadValType(s, scope));
                }
                ValType? result = null;
                var tag = s.Byte();
                if (tag == 0x00) result = ReadValType(s, scope);
                else if (tag == 0x01)
                {
                    var rn = s.Count(2);
                    if (rn > 1) throw s.Error("functions with more than one result are not supported");
                    for (var i = 0; i < rn; i++)
                    {
                        s.Name();
                        result = ReadValType(s, scope);
                    }
                }
                else throw s.Error($"invalid function result tag 0x{tag:x2}");
                return new ComponentFuncType(ps, result);
            }
            case 0x43: throw s.Error("async function types are not supported");
            case 0x41:
            case 0x42:
            {
                s.Byte();
                var inner = new DecodeScope(scope, false);
                var component = new ComponentShape();
                var instance = new InstanceShape();
                var n = s.Count();
                for (var i = 0; i < n; i++)
                {
                    var tag = s.Byte();
                    switch (tag)
                    {
                        case 0x00: inner.CoreTypes.Add(DecodeCoreType(s, inner)); break;
                        case 0x01: inner.Types.Add(DecodeDefType(s, inner, depth + 1)); break;
                        case 0x02:
                        {
                            var sort = ReadSort(s, out var core);
                            if (s.Byte() != 0x02) throw s.Error("only outer aliases are allowed in type declarations");
                            var count = s.U32();
                            var idx = (int)s.U32();
                            var outer = inner.Outer(count) ?? throw s.Error($"outer alias count {count} exceeds the enclosing scopes");
                            if (core == CoreSort.Type)
                            {
                                if (idx >= outer.CoreTypes.Count) throw s.Error($"unknown outer core type {idx}");
                                inner.CoreTypes.Add(outer.CoreTypes[idx]);
                            }
                            else if (core is null && sort == ComponentSort.Type)
                            {
                                if (idx >= outer.Types.Count) throw s.Error($"unknown outer type {idx}");
                                inner.Types.Add(outer.Types[idx]);
                            }
                            else throw s.Error("only type aliases are allowed in type declarations");
                            break;
                        }
                        case 0x03 when b == 0x41:
                        {
                            var name = ReadExternName(s);
                            var desc = DecodeExternDesc(s, inner, name);
                            component.Imports.Add(new(name, desc));
                            AddDescribed(inner, desc);
                            break;
                        }
                        case 0x04:
                        {
                            var name = ReadExternName(s);
                            var desc = DecodeExternDesc(s, inner, name);
                            if (instance.Find(name) is not null) throw s.Error($"duplicate export name `{name}`");
                            instance.Exports.Add(new(name, desc));
                            component.Exports.Add(new(name, desc));
                            AddDescribed(inner, desc);
                            break;
                        }
                        default: throw s.Error($"invalid {(b == 0x41 ? "component" : "instance")} type declaration 0x{tag:x2}");
                    }
                }
                return b == 0x41 ? component : instance;
            }
            case 0x3f:
            {
                s.Byte();
                if (s.Byte() != 0x7f) throw s.Error("resource representation must be i32");
                uint? dtor = null;
                var has = s.Byte();
                if (has == 0x01)
                {
                    dtor = s.U32();
                    if (dtor >= scope.CoreFuncs) throw s.Error($"unknown core func {dtor} (resource destructor)");
                }
                else if (has != 0x00) throw s.Error($"invalid destructor tag 0x{has:x2}");
                if (!scope.IsComponent) throw s.Error("resource definitions are only allowed in components");
                return new ResourceTypeDef("resource", true, dtor);
            }
            case 0x3e: throw s.Error("async resource types are not supported");
            default: return Measured(s, DecodeValTypeDef(s, scope));
        }
    }

    private const int MaxTypeDepth = 100;
    private const long MaxTypeNodes = 100_000;

    /// <summary>Records a defined value type's nesting depth and node count, rejecting types too deep or too large
    /// (sharing by index could otherwise describe exponentially large or stack-exhausting types).</summary>
    private static ValType Measured(ComponentReader s, ValType t)
    {
        IEnumerable<ValType?> children = t switch
        {
            RecordType r => r.Fields.Select(f => f.Type),
            VariantType v => v.Cases.Select(c => c.Type),
            ListType l => [l.Element],
            TupleType u => u.Items,
            OptionType o => [o.Some],
            ResultType r => [r.Ok, r.Err],
            _ => [],
        };
        var depth = 1;
        long nodes = 1;
        foreach (var c in children)
        {
            if (c is null) continue;
            depth = Math.Max(depth, c.Depth + 1);
            nodes += c.Nodes;
        }
        if (depth > MaxTypeDepth) throw s.Error($"type nesting depth exceeds {MaxTypeDepth}");
        if (nodes > MaxTypeNodes) throw s.Error($"type is too large (more than {MaxTypeNodes} nodes)");
        t.Depth = depth;
        t.Nodes = nodes;
        return t;
    }

    private static ValType DecodeValTypeDef(ComponentReader s, DecodeScope scope)
    {
        var b = s.Byte();
        if (b is >= 0x73 and <= 0x7f) return PrimType.Of((PrimKind)b);
        switch (b)
        {
            case 0x72:
            {
                var n = s.Count(2);
                if (n == 0) throw s.Error("record type must have at least one field");
                var names = new HashSet<string>(StringComparer.Ordinal);
                var fields = new Field[n];
                for (var i = 0; i < n; i++)
                {
                    var name = s.Name();
                    if (!names.Add(name)) throw s.Error($"duplicate field name `{name}`");
                    fields[i] = new Field(name, ReadValType(s, scope));
                }
                return new RecordType(fields);
            }
            case 0x71:
            {
                var n = s.Count(3);
                if (n == 0) throw s.Error("variant type must have at least one case");
                var names = new HashSet<string>(StringComparer.Ordinal);
                var cases = new Case[n];
                for (var i = 0; i < n; i++)
                {
                    var name = s.Name();
                    if (!names.Add(name)) throw s.Error($"duplicate case name `{name}`");
                    var t = ReadOptionalValType(s, scope);
                    var refines = s.Byte();
                    if (refines == 0x01) throw s.Error("variant case `refines` is not supported");
                    if (refines != 0x00) throw s.Error($"invalid variant case tag 0x{refines:x2}");
                    cases[i] = new Case(name, t);
                }
                return new VariantType(cases);
            }
            case 0x70: return new ListType(ReadValType(s, scope));
            case 0x67: throw s.Error("fixed-size lists are not supported");
            case 0x6f:
            {
                var n = s.Count();
                if (n == 0) throw s.Error("tuple type must have at least one item");
                var items = new ValType[n];
                for (var i = 0; i < n; i++) items[i] = ReadValType(s, scope);
                return new TupleType(items);
            }
            case 0x6e:
            case 0x6d:
            {
                var n = s.Count();
                if (n == 0) throw s.Error($"{(b == 0x6e ? "flags" : "enum")} type must have at least one name");
                if (b == 0x6e && n > 32) throw s.Error("flags type may have at most 32 names");
                var names = new string[n];
                var seen = new HashSet<string>(StringComparer.Ordinal);
                for (var i = 0; i < n; i++)
                {
                    names[i] = s.Name();
                    if (!seen.Add(names[i])) throw s.Error($"duplicate name `{names[i]}`");
                }
                return b == 0x6e ? new FlagsType(names) : new EnumType(names);
            }
            case 0x6b: return new OptionType(ReadValType(s, scope));
            case 0x6a:
            {
                var ok = ReadOptionalValType(s, scope);
                var err = ReadOptionalValType(s, scope);
                return new ResultType(ok, err);
            }
            case 0x69:
            case 0x68:
            {
                var idx = s.U32();
                if (idx >= scope.Types.Count) throw s.Error($"unknown type {idx}");
                if (scope.Types[(int)idx] is not ResourceTypeDef r) throw s.Error($"type {idx} is not a resource type");
                return new HandleType(r, b == 0x68);
            }
            case 0x66 or 0x65 or 0x64: throw s.Error("stream, future and error-context types are not supported");
            default: throw s.Error($"invalid type opcode 0x{b:x2}");
        }
    }

    private static ValType? ReadOptionalValType(ComponentReader s, DecodeScope scope)
    {
        var tag = s.Byte();
        return tag switch
        {
            0x00 => null,
            0x01 => ReadValType(s, scope),
            _ => throw s.Error($"invalid optional type tag 0x{tag:x2}"),
        };
    }

    private static ValType ReadValType(ComponentReader s, DecodeScope scope)
    {
        var b = s.Peek();
        if (b is >= 0x73 and <= 0x7f)
        {
            s.Byte();
            return PrimType.Of((PrimKind)b);
        }
        var idx = s.S33();
        if (idx < 0) throw s.Error($"invalid value type opcode 0x{b:x2}");
        if (idx >= scope.Types.Count) throw s.Error($"unknown type {idx}");
        return scope.Types[(int)idx] as ValType ?? throw s.Error($"type {idx} is not a value type");
    }

    private static ExternDesc DecodeExternDesc(ComponentReader s, DecodeScope scope, string name)
    {
        var tag = s.Byte();
        switch (tag)
        {
            case 0x00:
            {
                if (s.Byte() != 0x11) throw s.Error("invalid core extern description");
                var idx = s.U32();
                if (idx >= scope.CoreTypes.Count || scope.CoreTypes[(int)idx] is not CoreModuleShape m) throw s.Error($"core type {idx} is not a module type");
                return new ExternDesc(ComponentSort.CoreModule, m);
            }
            case 0x01: return new ExternDesc(ComponentSort.Func, TypeAt<ComponentFuncType>(s, scope, s.U32(), "function"));
            case 0x02: throw s.Error("value imports and exports are not supported");
            case 0x03:
            {
                var bound = s.Byte();
                if (bound == 0x00)
                {
                    var idx = s.U32();
                    if (idx >= scope.Types.Count) throw s.Error($"unknown type {idx}");
                    return new ExternDesc(ComponentSort.Type, scope.Types[(int)idx]);
                }
                if (bound == 0x01) return new ExternDesc(ComponentSort.Type, new ResourceTypeDef(name, false, null));
                throw s.Error($"invalid type bound 0x{bound:x2}");
            }
            case 0x04: return new ExternDesc(ComponentSort.Component, TypeAt<ComponentShape>(s, scope, s.U32(), "component"));
            case 0x05: return new ExternDesc(ComponentSort.Instance, TypeAt<InstanceShape>(s, scope, s.U32(), "instance"));
            default: throw s.Error($"invalid extern description 0x{tag:x2}");
        }
    }

    private static T TypeAt<T>(ComponentReader s, DecodeScope scope, uint idx, string what) where T : class
    {
        if (idx >= scope.Types.Count) throw s.Error($"unknown type {idx}");
        return scope.Types[(int)idx] as T ?? throw s.Error($"type {idx} is not a {what} type");
    }

    private static object DecodeCoreType(ComponentReader s, DecodeScope scope)
    {
        var b = s.Byte();
        if (b == 0x60) return new CoreFuncTypeDef(ReadCoreFuncType(s));
        if (b != 0x50) throw s.Error($"unsupported core type form 0x{b:x2}");
        var inner = new List<object>();
        var exports = new Dictionary<string, ExternKind>(StringComparer.Ordinal);
        var n = s.Count();
        for (var i = 0; i < n; i++)
        {
            var tag = s.Byte();
            switch (tag)
            {
                case 0x00: s.Name(); s.Name(); ReadCoreImportDesc(s, inner); break;
                case 0x01:
                    if (s.Byte() != 0x60) throw s.Error("only function types are allowed in core module types");
                    inner.Add(new CoreFuncTypeDef(ReadCoreFuncType(s)));
                    break;
                case 0x02:
                {
                    if (s.Byte() != 0x10) throw s.Error("only type aliases are allowed in core module types");
                    if (s.Byte() != 0x01) throw s.Error("only outer aliases are allowed in core module types");
                    var count = s.U32();
                    var idx = (int)s.U32();
                    var outer = count == 0 ? null : scope.Outer(count - 1);
                    if (outer is null || idx >= outer.CoreTypes.Count) throw s.Error($"unknown outer core type {idx}");
                    inner.Add(outer.CoreTypes[idx]);
                    break;
                }
                case 0x03:
                {
                    var name = s.Name();
                    exports[name] = ReadCoreImportDesc(s, inner);
                    break;
                }
                default: throw s.Error($"invalid core module type declaration 0x{tag:x2}");
            }
        }
        return new CoreModuleShape(exports);
    }

    private static FuncType ReadCoreFuncType(ComponentReader s)
    {
        var ps = new ValueType[s.Count()];
        for (var i = 0; i < ps.Length; i++) ps[i] = ReadCoreValType(s);
        var rs = new ValueType[s.Count()];
        for (var i = 0; i < rs.Length; i++) rs[i] = ReadCoreValType(s);
        return new FuncType(ps, rs);
    }

    private static ValueType ReadCoreValType(ComponentReader s)
    {
        var b = s.Byte();
        return b switch
        {
            0x7f or 0x7e or 0x7d or 0x7c or 0x7b or 0x70 or 0x6f => (ValueType)b,
            _ => throw s.Error($"invalid core value type 0x{b:x2}"),
        };
    }

    private static ExternKind ReadCoreImportDesc(ComponentReader s, List<object> types)
    {
        var kind = s.Byte();
        switch (kind)
        {
            case 0x00:
                var idx = s.U32();
                if (idx >= types.Count) throw s.Error($"unknown core type {idx}");
                return ExternKind.Func;
            case 0x01: ReadCoreValType(s); ReadLimits(s); return ExternKind.Table;
            case 0x02: ReadLimits(s); return ExternKind.Memory;
            case 0x03: ReadCoreValType(s); s.Byte(); return ExternKind.Global;
            default: throw s.Error($"invalid core import kind 0x{kind:x2}");
        }
    }

    private static void ReadLimits(ComponentReader s)
    {
        var flags = s.Byte();
        if (flags > 0x07) throw s.Error($"invalid limits flags 0x{flags:x2}");
        s.U32();
        if ((flags & 1) != 0) s.U32();
    }

    private static void DecodeCanon(ComponentReader s, ComponentDefinition def, DecodeScope scope)
    {
        var op = s.Byte();
        switch (op)
        {
            case 0x00:
            {
                if (s.Byte() != 0x00) throw s.Error("canon lift expects a core func");
                var f = s.U32();
                if (f >= scope.CoreFuncs) throw s.Error($"unknown core func {f}");
                var opts = ReadOptions(s, scope);
                var type = TypeAt<ComponentFuncType>(s, scope, s.U32(), "function");
                CheckOptions(s, type, opts, lift: true);
                scope.Funcs.Add(type);
                def.Definitions.Add(new CanonLiftDef(f, opts, type));
                break;
            }
            case 0x01:
            {
                if (s.Byte() != 0x00) throw s.Error("canon lower expects a func");
                var f = s.U32();
                if (f >= scope.Funcs.Count) throw s.Error($"unknown func {f}");
                var opts = ReadOptions(s, scope);
                var type = scope.Funcs[(int)f];
                if (opts.PostReturn is not null) throw s.Error("post-return is not allowed on canon lower");
                CheckOptions(s, type, opts, lift: false);
                scope.CoreFuncs++;
                def.Definitions.Add(new CanonLowerDef(f, opts, type));
                break;
            }
            case 0x02:
            case 0x03:
            case 0x04:
            case 0x07:
            {
                var idx = s.U32();
                if (idx >= scope.Types.Count || scope.Types[(int)idx] is not ResourceTypeDef r) throw s.Error($"type {idx} is not a resource type");
                if (op != 0x03 && op != 0x07 && !r.IsLocal) throw s.Error($"resource.{(op == 0x02 ? "new" : "rep")} needs a resource type defined by this component");
                scope.CoreFuncs++;
                def.Definitions.Add(new CanonResourceDef(op == 0x07 ? (byte)0x03 : op, r));
                break;
            }
            default: throw s.Error($"canon operation 0x{op:x2} is not supported (async, threads and streams are not implemented)");
        }
    }

    private static CanonOptions ReadOptions(ComponentReader s, DecodeScope scope)
    {
        var enc = StringEncoding.Utf8;
        bool hasEnc = false;
        uint? memory = null, realloc = null, post = null;
        var n = s.Count();
        for (var i = 0; i < n; i++)
        {
            var o = s.Byte();
            switch (o)
            {
                case 0x00 or 0x01 or 0x02:
                    if (hasEnc) throw s.Error("duplicate string-encoding option");
                    hasEnc = true;
                    enc = (StringEncoding)o;
                    break;
                case 0x03:
                    if (memory is not null) throw s.Error("duplicate memory option");
                    memory = s.U32();
                    if (memory >= scope.CoreMemories) throw s.Error($"unknown core memory {memory}");
                    break;
                case 0x04:
                    if (realloc is not null) throw s.Error("duplicate realloc option");
                    realloc = s.U32();
                    if (realloc >= scope.CoreFuncs) throw s.Error($"unknown core func {realloc} (realloc)");
                    break;
                case 0x05:
                    if (post is not null) throw s.Error("duplicate post-return option");
                    post = s.U32();
                    if (post >= scope.CoreFuncs) throw s.Error($"unknown core func {post} (post-return)");
                    break;
                case 0x06 or 0x07: throw s.Error("async canonical options are not supported");
                default: throw s.Error($"invalid canonical option 0x{o:x2}");
            }
        }
        return new CanonOptions(enc, memory, realloc, post);
    }

    /// <summary>Requires memory/realloc when the signature needs them (per the canonical ABI).</summary>
    private static void CheckOptions(ComponentReader s, ComponentFuncType type, CanonOptions opts, bool lift)
    {
        var needsMemory = Abi.Layout.NeedsMemory(type, lift, out var needsRealloc);
        if (needsMemory && opts.Memory is null) throw s.Error("canonical option `memory` is required");
        if (needsRealloc && opts.Realloc is null) throw s.Error("canonical option `realloc` is required");
    }
}
