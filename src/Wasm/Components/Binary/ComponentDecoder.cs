using PluginHost.Wasm.Model;

namespace PluginHost.Wasm.Components.Binary;

/// <summary>Decodes and validates a component binary (layer 1) into definitions; core modules are compiled with the engine.</summary>
internal sealed partial class ComponentDecoder
{
    private const int MaxDepth = 64;
    private readonly Engine _engine;
    private readonly byte[] _bytes;

    private ComponentDecoder(Engine engine, byte[] bytes)
    {
        _engine = engine;
        _bytes = bytes;
    }

    /// <summary>Decodes a whole component binary.</summary>
    public static ComponentDefinition Decode(Engine engine, byte[] bytes)
    {
        var decoder = new ComponentDecoder(engine, bytes);
        return decoder.DecodeComponent(0, bytes.Length, null, 0);
    }

    /// <summary>True if the bytes start with the component preamble (magic, version 0x0d, layer 1).</summary>
    public static bool IsComponent(ReadOnlySpan<byte> bytes) =>
        bytes.Length >= 8 && bytes[..4].SequenceEqual("\0asm"u8) && bytes[6] == 1 && bytes[7] == 0;

    private ComponentDefinition DecodeComponent(int start, int end, DecodeScope? parent, int depth)
    {
        if (depth > MaxDepth) throw new ComponentException("components nested too deeply", start);
        var r = new ComponentReader(_bytes, start, end, 0);
        if (end - start < 8) throw r.Error("unexpected end: a component starts with 8 preamble bytes");
        if (!r.Bytes(4).SequenceEqual("\0asm"u8)) throw new ComponentException("magic header not detected", start, "header");
        var version = r.Bytes(4);
        if (version[2] != 1 || version[3] != 0)
            throw new ComponentException(version[2] == 0 && version[3] == 0
                ? "this is a core module, not a component (layer 0)"
                : $"unknown binary layer {version[2] | version[3] << 8}", start + 6, "header");
        if (version[0] != 0x0d || version[1] != 0)
            throw new ComponentException($"unsupported component binary version 0x{version[0] | version[1] << 8:x} (expected 0xd)", start + 4, "header");

        var def = new ComponentDefinition();
        var scope = new DecodeScope(parent, true);
        while (!r.AtEnd)
        {
            r.Section = "header";
            var id = r.Byte();
            var size = r.U32();
            if (size > r.End - r.Position) throw r.Error($"section size {size} exceeds the remaining {r.End - r.Position} bytes");
            var sectionEnd = r.Position + (int)size;
            var s = new ComponentReader(_bytes, r.Position, sectionEnd, 0) { Section = SectionName(id) };
            switch (id)
            {
                case 0: s.Name(); s.Position = sectionEnd; break; // custom: only the name must be well-formed
                case 1: DecodeCoreModule(s, def, scope); break;
                case 2: ReadVec(s, () => DecodeCoreInstance(s, def, scope)); break;
                case 3: ReadVec(s, () => scope.CoreTypes.Add(DecodeCoreType(s, scope))); break;
                case 4:
                    var nested = DecodeComponent(s.Position, sectionEnd, scope, depth + 1);
                    scope.Components.Add(nested);
                    def.Definitions.Add(new NestedComponentDef(nested));
                    s.Position = sectionEnd;
                    break;
                case 5: ReadVec(s, () => DecodeInstance(s, def, scope)); break;
                case 6: ReadVec(s, () => DecodeAlias(s, def, scope)); break;
                case 7: ReadVec(s, () => AddType(def, scope, DecodeDefType(s, scope, depth))); break;
                case 8: ReadVec(s, () => DecodeCanon(s, def, scope)); break;
                case 9: DecodeStart(s, def, scope); break;
                case 10: ReadVec(s, () => DecodeImport(s, def, scope)); break;
                case 11: ReadVec(s, () => DecodeExport(s, def, scope)); break;
                case 12: throw s.Error("value definitions are not supported");
                default: throw new ComponentException($"unknown section id {id}", r.Position - 2, "header");
            }
            if (s.Position != sectionEnd) throw s.Error("section size mismatch: unexpected bytes at the end of the section");
            r.Position = sectionEnd;
        }
        def.Types = scope.Types;
        return def;
    }

    private static string SectionName(byte id) => id switch
    {
        0 => "custom", 1 => "core module", 2 => "core instance", 3 => "core type", 4 => "component", 5 => "instance",
        6 => "alias", 7 => "type", 8 => "canon", 9 => "start", 10 => "import", 11 => "export", 12 => "value", _ => $"unknown({id})",
    };

    private static void ReadVec(ComponentReader r, Action item)
    {
        var n = r.Count();
        for (var i = 0; i < n; i++) item();
    }

    private void DecodeCoreModule(ComponentReader s, ComponentDefinition def, DecodeScope scope)
    {
        var start = s.Position;
        Module module;
        try
        {
            module = Module.FromBytes(_engine, _bytes.AsSpan(start, s.End - start), $"core module {scope.CoreModules.Count}");
        }
        catch (WasmModuleException e)
        {
            throw new ComponentException($"core module {scope.CoreModules.Count} is invalid: {e.Reason}", start + e.Offset, "core module", e);
        }
        s.Position = s.End;
        scope.CoreModules.Add(module);
        def.Definitions.Add(new CoreModuleDef(module));
    }

    private static Dictionary<string, ExternKind> ExportKinds(Module module)
    {
        var d = new Dictionary<string, ExternKind>(StringComparer.Ordinal);
        foreach (var e in module.Exports) d[e.Name] = e.Kind;
        return d;
    }

    private static void DecodeCoreInstance(ComponentReader s, ComponentDefinition def, DecodeScope scope)
    {
        var tag = s.Byte();
        if (tag == 0x00)
        {
            var m = s.U32();
            if (m >= scope.CoreModules.Count) throw s.Error($"unknown core module {m}");
            var n = s.Count(3);
            var args = new (string, uint)[n];
            for (var i = 0; i < n; i++)
            {
                var name = s.Name();
                if (s.Byte() != 0x12) throw s.Error("core instantiate arguments must be core instances");
                var inst = s.U32();
                if (inst >= scope.CoreInstances.Count) throw s.Error($"unknown core instance {inst}");
                args[i] = (name, inst);
            }
            scope.CoreInstances.Add(ExportKinds(scope.CoreModules[(int)m]));
            def.Definitions.Add(new CoreInstantiateDef(m, args));
        }
        else if (tag == 0x01)
        {
            var n = s.Count(3);
            var exports = new (string, CoreSort, uint)[n];
            var kinds = new Dictionary<string, ExternKind>(StringComparer.Ordinal);
            for (var i = 0; i < n; i++)
            {
                var name = s.Name();
                var sort = ReadCoreSort(s);
                var idx = s.U32();
                var kind = CheckCoreIndex(s, scope, sort, idx);
                if (!kinds.TryAdd(name, kind)) throw s.Error($"duplicate core export name `{name}`");
                exports[i] = (name, sort, idx);
            }
            scope.CoreInstances.Add(kinds);
            def.Definitions.Add(new CoreInlineInstanceDef(exports));
        }
        else throw s.Error($"invalid core instance kind 0x{tag:x2}");
    }

    private static CoreSort ReadCoreSort(ComponentReader s)
    {
        var b = s.Byte();
        return b switch
        {
            0x00 or 0x01 or 0x02 or 0x03 or 0x10 or 0x11 or 0x12 => (CoreSort)b,
            _ => throw s.Error($"invalid core sort 0x{b:x2}"),
        };
    }

    private static ExternKind CheckCoreIndex(ComponentReader s, DecodeScope scope, CoreSort sort, uint idx)
    {
        var (count, kind) = sort switch
        {
            CoreSort.Func => (scope.CoreFuncs, ExternKind.Func),
            CoreSort.Table => (scope.CoreTables, ExternKind.Table),
            CoreSort.Memory => (scope.CoreMemories, ExternKind.Memory),
            CoreSort.Global => (scope.CoreGlobals, ExternKind.Global),
            _ => throw s.Error($"core sort {sort} cannot be exported from a core instance"),
        };
        if (idx >= count) throw s.Error($"unknown core {sort.ToString().ToLowerInvariant()} {idx}");
        return kind;
    }

    private static void AddCore(DecodeScope scope, ExternKind kind)
    {
        switch (kind)
        {
            case ExternKind.Func: scope.CoreFuncs++; break;
            case ExternKind.Table: scope.CoreTables++; break;
            case ExternKind.Memory: scope.CoreMemories++; break;
            default: scope.CoreGlobals++; break;
        }
    }

    private static SortIndex ReadSortIndex(ComponentReader s)
    {
        var sort = ReadSort(s, out var core);
        return new SortIndex(sort, core, s.U32());
    }

    private static ComponentSort ReadSort(ComponentReader s, out CoreSort? core)
    {
        core = null;
        var b = s.Byte();
        switch (b)
        {
            case 0x00:
                core = ReadCoreSort(s);
                return core == CoreSort.Module ? ComponentSort.CoreModule : ComponentSort.CoreModule;
            case 0x01: return ComponentSort.Func;
            case 0x02: return ComponentSort.Value;
            case 0x03: return ComponentSort.Type;
            case 0x04: return ComponentSort.Component;
            case 0x05: return ComponentSort.Instance;
            default: throw s.Error($"invalid sort 0x{b:x2}");
        }
    }

    /// <summary>An import or export name (0x00 name, or 0x01 name with a version suffix in newer encodings).</summary>
    private static string ReadExternName(ComponentReader s)
    {
        var tag = s.Byte();
        if (tag == 0x00) return s.Name();
        if (tag == 0x01)
        {
            var name = s.Name();
            return name;
        }
        throw s.Error($"invalid import/export name tag 0x{tag:x2}");
    }

    /// <summary>The static description of an item in the current scope.</summary>
    private static ExternDesc Describe(ComponentReader s, DecodeScope scope, SortIndex item)
    {
        var i = (int)item.Index;
        switch (item.Sort)
        {
            case ComponentSort.Func:
                if (i >= scope.Funcs.Count) throw s.Error($"unknown func {i}");
                return new ExternDesc(ComponentSort.Func, scope.Funcs[i]);
            case ComponentSort.Instance:
                if (i >= scope.Instances.Count) throw s.Error($"unknown instance {i}");
                return new ExternDesc(ComponentSort.Instance, scope.Instances[i]);
            case ComponentSort.Component:
                if (i >= scope.Components.Count) throw s.Error($"unknown component {i}");
                return new ExternDesc(ComponentSort.Component, scope.Components[i].Shape);
            case ComponentSort.Type:
                if (i >= scope.Types.Count) throw s.Error($"unknown type {i}");
                return new ExternDesc(ComponentSort.Type, scope.Types[i]);
            case ComponentSort.CoreModule when item.Core == CoreSort.Module:
                if (i >= scope.CoreModules.Count) throw s.Error($"unknown core module {i}");
                return new ExternDesc(ComponentSort.CoreModule, new CoreModuleShape(ExportKinds(scope.CoreModules[i])));
            case ComponentSort.Value: throw s.Error("values are not supported");
            default: throw s.Error($"core {item.Core} items cannot be used as component-level items");
        }
    }

    /// <summary>Adds an item of a description to the scope's index space.</summary>
    private static void AddDescribed(DecodeScope scope, ExternDesc desc, Module? module = null)
    {
        switch (desc.Sort)
        {
            case ComponentSort.Func: scope.Funcs.Add((ComponentFuncType)desc.Type!); break;
            case ComponentSort.Instance: scope.Instances.Add((InstanceShape)desc.Type!); break;
            case ComponentSort.Type: scope.Types.Add(desc.Type!); break;
            case ComponentSort.Component:
                var shell = new ComponentDefinition();
                var shape = (ComponentShape)desc.Type!;
                shell.Shape.Imports.AddRange(shape.Imports);
                shell.Shape.Exports.AddRange(shape.Exports);
                scope.Components.Add(shell);
                break;
            case ComponentSort.CoreModule: if (module is not null) scope.CoreModules.Add(module); break;
        }
    }

    private static void DecodeInstance(ComponentReader s, ComponentDefinition def, DecodeScope scope)
    {
        var tag = s.Byte();
        if (tag == 0x00)
        {
            var c = s.U32();
            if (c >= scope.Components.Count) throw s.Error($"unknown component {c}");
            var n = s.Count(3);
            var args = new (string, SortIndex)[n];
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < n; i++)
            {
                var name = s.Name();
                var item = ReadSortIndex(s);
                Describe(s, scope, item);
                if (!seen.Add(name)) throw s.Error($"duplicate instantiation argument `{name}`");
                args[i] = (name, item);
            }
            var component = scope.Components[(int)c];
            foreach (var (name, _) in component.Shape.Imports)
                if (!seen.Contains(name)) throw s.Error($"missing instantiation argument `{name}` for component {c}");
            var shape = new InstanceShape();
            shape.Exports.AddRange(component.Shape.Exports);
            scope.Instances.Add(shape);
            def.Definitions.Add(new InstantiateDef(c, args));
        }
        else if (tag == 0x01)
        {
            var n = s.Count(3);
            var exports = new (string, SortIndex)[n];
            var shape = new InstanceShape();
            for (var i = 0; i < n; i++)
            {
                var name = ReadExternName(s);
                var item = ReadSortIndex(s);
                if (shape.Find(name) is not null) throw s.Error($"duplicate export name `{name}`");
                shape.Exports.Add(new(name, Describe(s, scope, item)));
                exports[i] = (name, item);
            }
            scope.Instances.Add(shape);
            def.Definitions.Add(new InlineInstanceDef(exports));
        }
        else throw s.Error($"invalid instance kind 0x{tag:x2}");
    }

    private static void DecodeAlias(ComponentReader s, ComponentDefinition def, DecodeScope scope)
    {
        var sort = ReadSort(s, out var core);
        var target = s.Byte();
        switch (target)
        {
            case 0x00:
            {
                var inst = s.U32();
                var name = s.Name();
                if (inst >= scope.Instances.Count) throw s.Error($"unknown instance {inst}");
                var desc = scope.Instances[(int)inst].Find(name) ?? throw s.Error($"instance {inst} has no export named `{name}`");
                if (core is not null) throw s.Error("aliasing core items from component instances is not supported");
                var wanted = sort;
                if (desc.Sort != wanted) throw s.Error($"export `{name}` of instance {inst} is a {desc.Sort}, not a {wanted}");
                AddDescribed(scope, desc);
                if (sort != ComponentSort.Type) def.Definitions.Add(new AliasExportDef(new SortIndex(sort, core, 0), inst, name));
                break;
            }
            case 0x01:
            {
                if (core is null) throw s.Error("core export aliases need a core sort");
                var inst = s.U32();
                var name = s.Name();
                if (inst >= scope.CoreInstances.Count) throw s.Error($"unknown core instance {inst}");
                if (!scope.CoreInstances[(int)inst].TryGetValue(name, out var kind)) throw s.Error($"core instance {inst} has no export named `{name}`");
                if ((byte)kind != (byte)core) throw s.Error($"export `{name}` of core instance {inst} is a {kind}, not a {core}");
                AddCore(scope, kind);
                def.Definitions.Add(new AliasCoreExportDef(core.Value, inst, name));
                break;
            }
            case 0x02:
            {
                var count = s.U32();
                var idx = (int)s.U32();
                var outer = scope.Outer(count) ?? throw s.Error($"outer alias count {count} exceeds the enclosing components");
                if (core == CoreSort.Type)
                {
                    if (idx >= outer.CoreTypes.Count) throw s.Error($"unknown outer core type {idx}");
                    scope.CoreTypes.Add(outer.CoreTypes[idx]);
                }
                else if (core == CoreSort.Module)
                {
                    if (idx >= outer.CoreModules.Count) throw s.Error($"unknown outer core module {idx}");
                    var m = outer.CoreModules[idx];
                    scope.CoreModules.Add(m);
                    def.Definitions.Add(new CoreModuleDef(m));
                }
                else if (core is null && sort == ComponentSort.Type)
                {
                    if (idx >= outer.Types.Count) throw s.Error($"unknown outer type {idx}");
                    var t = outer.Types[idx];
                    if (count > 0 && t is ResourceTypeDef { IsLocal: true } && !outer.IsComponent)
                        throw s.Error("outer aliases may not refer to resource types of an enclosing type");
                    scope.Types.Add(t);
                }
                else if (core is null && sort == ComponentSort.Component)
                {
                    if (idx >= outer.Components.Count) throw s.Error($"unknown outer component {idx}");
                    var c = outer.Components[idx];
                    scope.Components.Add(c);
                    def.Definitions.Add(new NestedComponentDef(c));
                }
                else throw s.Error("outer aliases may only refer to types, modules and components");
                break;
            }
            default: throw s.Error($"invalid alias target 0x{target:x2}");
        }
    }

    private void DecodeStart(ComponentReader s, ComponentDefinition def, DecodeScope scope)
    {
        var f = s.U32();
        if (f >= scope.Funcs.Count) throw s.Error($"unknown func {f}");
        var args = s.Count();
        for (var i = 0; i < args; i++) s.U32();
        var results = s.U32();
        if (args != 0 || results != 0) throw s.Error("start functions with values are not supported");
        def.Definitions.Add(new StartDef(f));
    }

    private static void DecodeImport(ComponentReader s, ComponentDefinition def, DecodeScope scope)
    {
        var name = ReadExternName(s);
        var desc = DecodeExternDesc(s, scope, name);
        foreach (var (n, _) in def.Shape.Imports) if (n == name) throw s.Error($"duplicate import name `{name}`");
        if (desc.Sort == ComponentSort.CoreModule) throw s.Error("core module imports are not supported");
        if (desc.Sort == ComponentSort.Component) throw s.Error("component imports are not supported");
        def.Shape.Imports.Add(new(name, desc));
        AddDescribed(scope, desc);
        def.Definitions.Add(new ImportDef(name, desc, null));
    }

    private static void DecodeExport(ComponentReader s, ComponentDefinition def, DecodeScope scope)
    {
        var name = ReadExternName(s);
        var item = ReadSortIndex(s);
        var desc = Describe(s, scope, item);
        var hasType = s.Byte();
        if (hasType == 0x01) DecodeExternDesc(s, scope, name);
        else if (hasType != 0x00) throw s.Error($"invalid export type ascription tag 0x{hasType:x2}");
        foreach (var (n, _) in def.Shape.Exports) if (n == name) throw s.Error($"duplicate export name `{name}`");
        def.Shape.Exports.Add(new(name, desc));
        AddDescribed(scope, desc);
        if (item.Sort != ComponentSort.Type) def.Definitions.Add(new ExportDef(name, item));
    }
}
