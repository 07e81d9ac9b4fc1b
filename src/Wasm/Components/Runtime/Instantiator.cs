using PluginHost.Wasm.Components.Abi;
using PluginHost.Wasm.Components.Binary;
using PluginHost.Wasm.Model;

namespace PluginHost.Wasm.Components.Runtime;

/// <summary>Replays a component's definitions in order, building its runtime index spaces.</summary>
internal sealed class Instantiator(ComponentLinker linker, Store store)
{
    private readonly Dictionary<ResourceTypeDef, ResourceType> _resources = new(ReferenceEqualityComparer.Instance);

    public ComponentInstance InstantiateRoot(Component component)
    {
        var state = new InstanceState(store, _resources);
        var exports = Instantiate(component.Definition, state, null);
        return new ComponentInstance(store, exports, state);
    }

    /// <summary>Runtime index spaces of one component instance.</summary>
    private sealed class Spaces
    {
        public readonly List<Module> CoreModules = new();
        public readonly List<Dictionary<string, Extern>> CoreInstances = new();
        public readonly List<Func> CoreFuncs = new();
        public readonly List<Table> CoreTables = new();
        public readonly List<Memory> CoreMemories = new();
        public readonly List<Global> CoreGlobals = new();
        public readonly List<ComponentFunc> Funcs = new();
        public readonly List<ComponentDefinition> Components = new();
        public readonly List<IReadOnlyDictionary<string, object>> Instances = new();
    }

    /// <summary>Instantiates a definition; args are given for nested components (null at the root: imports come from the linker).</summary>
    private Dictionary<string, object> Instantiate(ComponentDefinition def, InstanceState state, IReadOnlyDictionary<string, object>? args)
    {
        var sp = new Spaces();
        var exports = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var d in def.Definitions)
        {
            switch (d)
            {
                case CoreModuleDef m: sp.CoreModules.Add(m.Module); break;
                case CoreInstantiateDef ci: sp.CoreInstances.Add(InstantiateCore(sp, ci)); break;
                case CoreInlineInstanceDef inline:
                {
                    var dict = new Dictionary<string, Extern>(StringComparer.Ordinal);
                    foreach (var (name, sort, idx) in inline.Exports) dict[name] = CoreItem(sp, sort, idx);
                    sp.CoreInstances.Add(dict);
                    break;
                }
                case NestedComponentDef n: sp.Components.Add(n.Component); break;
                case InstantiateDef inst:
                {
                    var nested = sp.Components[(int)inst.Component];
                    var nestedArgs = new Dictionary<string, object>(StringComparer.Ordinal);
                    foreach (var (name, item) in inst.Args) nestedArgs[name] = Item(def, sp, item);
                    sp.Instances.Add(Instantiate(nested, new InstanceState(store, _resources), nestedArgs)); // each component instance has its own handle table
                    break;
                }
                case InlineInstanceDef inline:
                {
                    var dict = new Dictionary<string, object>(StringComparer.Ordinal);
                    foreach (var (name, item) in inline.Exports) dict[name] = Item(def, sp, item);
                    sp.Instances.Add(dict);
                    break;
                }
                case AliasExportDef a:
                {
                    var inst = sp.Instances[(int)a.Instance];
                    if (!inst.TryGetValue(a.Name, out var item)) throw new WasmLinkException($"instance {a.Instance} has no export `{a.Name}`");
                    AddItem(sp, a.Sort.Sort, item);
                    break;
                }
                case AliasCoreExportDef a:
                {
                    var inst = sp.CoreInstances[(int)a.Instance];
                    if (!inst.TryGetValue(a.Name, out var item)) throw new WasmLinkException($"core instance {a.Instance} has no export `{a.Name}`");
                    AddCore(sp, item);
                    break;
                }
                case ResourceDef r:
                {
                    var type = new ResourceType(r.Resource.Name, null, state);
                    if (r.Resource.Destructor is { } dtor) type.CoreDestructor = sp.CoreFuncs[(int)dtor];
                    _resources[r.Resource] = type;
                    break;
                }
                case CanonLiftDef lift: sp.Funcs.Add(Lift(sp, state, lift)); break;
                case CanonLowerDef lower: sp.CoreFuncs.Add(Lower(sp, state, lower)); break;
                case CanonResourceDef res: sp.CoreFuncs.Add(ResourceBuiltin(state, res)); break;
                case ImportDef imp: Import(sp, state, imp, args); break;
                case ExportDef exp:
                {
                    var item = Item(def, sp, exp.Item);
                    if (item is ComponentFunc f) item = new ComponentFunc(exp.Name, f.Type, f.Call);
                    AddItem(sp, exp.Item.Sort, item);
                    exports[exp.Name] = item;
                    break;
                }
                case StartDef start: sp.Funcs[(int)start.Func].Call(); break;
            }
        }
        return exports;
    }

    private static Extern CoreItem(Spaces sp, CoreSort sort, uint idx) => sort switch
    {
        CoreSort.Func => sp.CoreFuncs[(int)idx],
        CoreSort.Table => sp.CoreTables[(int)idx],
        CoreSort.Memory => sp.CoreMemories[(int)idx],
        CoreSort.Global => sp.CoreGlobals[(int)idx],
        _ => throw new WasmLinkException($"core sort {sort} cannot be exported"),
    };

    private static void AddCore(Spaces sp, Extern item)
    {
        switch (item)
        {
            case Func f: sp.CoreFuncs.Add(f); break;
            case Table t: sp.CoreTables.Add(t); break;
            case Memory m: sp.CoreMemories.Add(m); break;
            case Global g: sp.CoreGlobals.Add(g); break;
        }
    }

    private static object Item(ComponentDefinition def, Spaces sp, SortIndex item) => item.Sort switch
    {
        ComponentSort.Func => sp.Funcs[(int)item.Index],
        ComponentSort.Instance => sp.Instances[(int)item.Index],
        ComponentSort.Component => sp.Components[(int)item.Index],
        ComponentSort.Type => def.Types[(int)item.Index],
        ComponentSort.CoreModule when item.Core == CoreSort.Module => sp.CoreModules[(int)item.Index],
        _ => throw new WasmLinkException($"{item.Sort} items cannot be passed between components"),
    };

    private static void AddItem(Spaces sp, ComponentSort sort, object item)
    {
        switch (sort)
        {
            case ComponentSort.Func: sp.Funcs.Add((ComponentFunc)item); break;
            case ComponentSort.Instance: sp.Instances.Add((IReadOnlyDictionary<string, object>)item); break;
            case ComponentSort.Component: sp.Components.Add((ComponentDefinition)item); break;
            case ComponentSort.CoreModule: if (item is Module m) sp.CoreModules.Add(m); break;
        }
    }

    private Dictionary<string, Extern> InstantiateCore(Spaces sp, CoreInstantiateDef ci)
    {
        var module = sp.CoreModules[(int)ci.Module];
        var coreLinker = new Linker(store.Engine) { AllowShadowing = true };
        foreach (var (name, inst) in ci.Args)
            foreach (var (exportName, item) in sp.CoreInstances[(int)inst]) coreLinker.Define(name, exportName, item);
        Instance instance;
        try
        {
            instance = coreLinker.Instantiate(store, module);
        }
        catch (WasmLinkException e)
        {
            throw new WasmLinkException($"core module {ci.Module} ({module.Name}): {e.Message}");
        }
        var dict = new Dictionary<string, Extern>(StringComparer.Ordinal);
        foreach (var (name, item) in instance.Exports) dict[name] = item;
        return dict;
    }

    // ---------------- imports ----------------

    private void Import(Spaces sp, InstanceState state, ImportDef imp, IReadOnlyDictionary<string, object>? args)
    {
        if (args is not null)
        {
            if (!args.TryGetValue(imp.Name, out var arg)) throw new WasmLinkException($"missing instantiation argument `{imp.Name}`");
            switch (imp.Desc.Sort)
            {
                case ComponentSort.Type:
                    if (imp.Desc.Type is ResourceTypeDef { IsLocal: false } rd && arg is ResourceTypeDef outer && !ReferenceEquals(rd, outer) && _resources.TryGetValue(outer, out var rt))
                        _resources[rd] = rt;
                    break;
                case ComponentSort.Instance:
                    BindInstanceResources((InstanceShape)imp.Desc.Type!, (IReadOnlyDictionary<string, object>)arg);
                    AddItem(sp, ComponentSort.Instance, arg);
                    break;
                default: AddItem(sp, imp.Desc.Sort, arg); break;
            }
            return;
        }
        switch (imp.Desc.Sort)
        {
            case ComponentSort.Func:
            {
                var type = (ComponentFuncType)imp.Desc.Type!;
                var host = linker.Root.GetFunction(imp.Name)
                    ?? (linker.Root.Fallback is { } fb ? (ComponentHostFunction)(args2 => fb(imp.Name, type, args2, Resolve)) : null)
                    ?? throw new WasmLinkException($"component imports function `{imp.Name}`, which the host does not define");
                sp.Funcs.Add(HostFunc(imp.Name, type, host));
                break;
            }
            case ComponentSort.Type:
                // (type (sub resource)) is a fresh resource from the host; (type (eq t)) of one already bound needs nothing.
                if (imp.Desc.Type is ResourceTypeDef { IsLocal: false } r && !_resources.ContainsKey(r)) _resources[r] = linker.Root.ResolveResource(imp.Name);
                break;
            case ComponentSort.Instance:
            {
                var shape = (InstanceShape)imp.Desc.Type!;
                var host = linker.FindInstance(imp.Name);
                if (host is null && shape.Exports.All(e => e.Value.Sort == ComponentSort.Type && e.Value.Type is not ResourceTypeDef { IsLocal: false }))
                {
                    // An interface of plain types only (e.g. icp:sync-plugin/types) needs nothing from the host.
                    sp.Instances.Add(shape.Exports.ToDictionary(e => e.Key, e => e.Value.Type!, StringComparer.Ordinal));
                    break;
                }
                if (host is null)
                    throw new WasmLinkException($"component imports interface `{imp.Name}`, which the host does not define{CompatibleHint(imp.Name)}");
                var dict = new Dictionary<string, object>(StringComparer.Ordinal);
                foreach (var (name, desc) in shape.Exports)
                {
                    switch (desc.Sort)
                    {
                        case ComponentSort.Func:
                        {
                            var type = (ComponentFuncType)desc.Type!;
                            var fn = host.GetFunction(name)
                                ?? (host.Fallback is { } fb ? (ComponentHostFunction)(a => fb(name, type, a, Resolve)) : null)
                                ?? throw new WasmLinkException($"import `{imp.Name}` needs function `{name}`, which the host interface `{host.Name}` does not define");
                            dict[name] = HostFunc(name, type, fn);
                            break;
                        }
                        case ComponentSort.Type:
                            if (desc.Type is ResourceTypeDef { IsLocal: false } rd && !_resources.ContainsKey(rd))
                                _resources[rd] = host.ResolveResource(name);
                            dict[name] = desc.Type!;
                            break;
                        default:
                            throw new WasmLinkException($"import `{imp.Name}` export `{name}` is a {desc.Sort}, which host interfaces cannot provide");
                    }
                }
                sp.Instances.Add(dict);
                break;
            }
            default: throw new WasmLinkException($"import `{imp.Name}` of sort {imp.Desc.Sort} is not supported");
        }
    }

    /// <summary>Mentions host interfaces of the same name whose versions are not compatible.</summary>
    private string CompatibleHint(string name)
    {
        var (n, _) = PackageVersion.Split(name);
        var others = linker.InstanceNames.Where(d => PackageVersion.Split(d).Name == n).Order(StringComparer.Ordinal).ToList();
        return others.Count > 0 ? $" (the host defines {string.Join(", ", others)}, which is not semver-compatible)" : "";
    }

    /// <summary>Binds abstract resource types of an instance-typed import of a nested component to the argument's resources.</summary>
    private void BindInstanceResources(InstanceShape shape, IReadOnlyDictionary<string, object> arg)
    {
        foreach (var (name, desc) in shape.Exports)
        {
            if (desc.Type is ResourceTypeDef { IsLocal: false } rd && arg.TryGetValue(name, out var a) && a is ResourceTypeDef outer
                && _resources.TryGetValue(outer, out var rt))
                _resources[rd] = rt;
        }
    }

    private ResourceType? Resolve(ResourceTypeDef def) => _resources.GetValueOrDefault(def);

    private static ComponentFunc HostFunc(string name, ComponentFuncType type, ComponentHostFunction fn) =>
        new(name, type, args => fn(args));

    // ---------------- canon ----------------

    private (Memory? Memory, Func? Realloc) Options(Spaces sp, CanonOptions opts) =>
        (opts.Memory is { } m ? sp.CoreMemories[(int)m] : null, opts.Realloc is { } r ? sp.CoreFuncs[(int)r] : null);

    private static readonly FuncType ReallocType = new(
        [Model.ValueType.I32, Model.ValueType.I32, Model.ValueType.I32, Model.ValueType.I32], [Model.ValueType.I32]);

    private ComponentFunc Lift(Spaces sp, InstanceState state, CanonLiftDef lift)
    {
        var core = sp.CoreFuncs[(int)lift.CoreFunc];
        var type = lift.Type;
        var expected = Layout.CoreSignature(type, lift: true);
        if (!core.Type.Equals(expected))
            throw new WasmLinkException($"canon lift: core function has type {core.Type}, the component type {type} needs {expected}");
        var (memory, realloc) = Options(sp, lift.Options);
        if (realloc is not null && !realloc.Type.Equals(ReallocType)) throw new WasmLinkException($"canon lift: realloc has type {realloc.Type}");
        var post = lift.Options.PostReturn is { } p ? sp.CoreFuncs[(int)p] : null;
        if (post is not null && (post.Type.Results.Length != 0 || !post.Type.Params.SequenceEqual(expected.Results)))
            throw new WasmLinkException($"canon lift: post-return has type {post.Type}, expected ({string.Join(", ", expected.Results)}) -> ()");
        var encoding = lift.Options.Encoding;
        var flatParams = type.Params.Sum(x => Layout.Flatten(x.Type).Count);
        var flatResults = type.Result is null ? 0 : Layout.Flatten(type.Result).Count;
        return new ComponentFunc($"func {sp.Funcs.Count}", type, args =>
        {
            if (state.Poisoned) throw AbiTraps.Trap("the component instance trapped earlier and cannot be entered again");
            if (!state.MayEnter) throw AbiTraps.Trap("cannot enter a component instance that is already running (reentrance)");
            var cx = new AbiContext(state, memory, realloc, encoding) { Scope = new CallScope() };
            var flat = new List<Value>();
            if (flatParams > Layout.MaxFlatParams)
            {
                var tuple = new TupleType(type.Params.Select(x => x.Type).ToArray());
                var ptr = cx.Allocate(Layout.Alignment(tuple), Layout.Size(tuple), "parameters");
                cx.Store(tuple, ComponentValue.Record(args), ptr);
                flat.Add(Value.FromI32((int)ptr));
            }
            else
            {
                for (var i = 0; i < args.Length; i++) cx.LowerFlat(type.Params[i].Type, args[i], flat);
            }
            state.MayEnter = false;
            try
            {
                var results = core.Invoke(flat.ToArray());
                ComponentValue? result = null;
                if (type.Result is not null)
                {
                    result = flatResults > Layout.MaxFlatResults
                        ? cx.Load(type.Result, (uint)results[0].I32)
                        : cx.LiftFlat(type.Result, new AbiContext.FlatReader(results));
                }
                post?.Invoke(results);
                if (cx.Scope.Borrows != 0) throw AbiTraps.Trap($"{cx.Scope.Borrows} borrow handle(s) still remain at the end of the call");
                return result;
            }
            catch
            {
                state.Poisoned = true;
                throw;
            }
            finally
            {
                state.MayEnter = true;
            }
        });
    }

    private Func Lower(Spaces sp, InstanceState state, CanonLowerDef lower)
    {
        var target = sp.Funcs[(int)lower.Func];
        var type = lower.Type;
        var signature = Layout.CoreSignature(type, lift: false);
        var (memory, realloc) = Options(sp, lower.Options);
        if (realloc is not null && !realloc.Type.Equals(ReallocType)) throw new WasmLinkException($"canon lower: realloc has type {realloc.Type}");
        var encoding = lower.Options.Encoding;
        var flatParams = type.Params.Sum(x => Layout.Flatten(x.Type).Count);
        var flatResults = type.Result is null ? 0 : Layout.Flatten(type.Result).Count;
        return Func.FromCallback(store, signature, (caller, args, results) =>
        {
            var cx = new AbiContext(state, memory, realloc, encoding);
            ComponentValue[] values;
            if (flatParams > Layout.MaxFlatParams)
            {
                var tuple = new TupleType(type.Params.Select(x => x.Type).ToArray());
                values = cx.Load(tuple, (uint)args[0].I32).Fields.ToArray();
            }
            else
            {
                var reader = new AbiContext.FlatReader(args.ToArray());
                values = new ComponentValue[type.Params.Count];
                for (var i = 0; i < values.Length; i++) values[i] = cx.LiftFlat(type.Params[i].Type, reader);
            }
            ComponentValue? result;
            try
            {
                result = target.Call(values);
            }
            finally
            {
                cx.ReleaseLends();
            }
            if (type.Result is null) return;
            if (result is null) throw AbiTraps.Trap($"`{target.Name}` returned no value, expected {type.Result}");
            try
            {
                if (flatResults > Layout.MaxFlatResults) cx.Store(type.Result, result, (uint)args[^1].I32);
                else
                {
                    var list = new List<Value>(1);
                    cx.LowerFlat(type.Result, result, list);
                    results[0] = list[0];
                }
            }
            catch (ArgumentException e)
            {
                throw AbiTraps.Trap($"`{target.Name}` returned a value that does not match {type.Result}: {e.Message}");
            }
        });
    }

    private Func ResourceBuiltin(InstanceState state, CanonResourceDef res)
    {
        var i32 = Model.ValueType.I32;
        switch (res.Op)
        {
            case 0x02:
                return Func.FromCallback(store, new FuncType([i32], [i32]), (_, a, r) =>
                {
                    var type = state.Resolve(res.Resource) ?? throw AbiTraps.Trap("resource type is not bound");
                    r[0] = Value.FromI32((int)state.Handles.Add(new HandleEntry { Type = type, Rep = (uint)a[0].I32, Own = true }));
                });
            case 0x04:
                return Func.FromCallback(store, new FuncType([i32], [i32]), (_, a, r) =>
                {
                    var e = state.Handles.Get((uint)a[0].I32, state.Resolve(res.Resource));
                    r[0] = Value.FromI32((int)e.Rep);
                });
            default:
                return Func.FromCallback(store, new FuncType([i32], []), (_, a, _) =>
                {
                    var index = (uint)a[0].I32;
                    var expected = state.Resolve(res.Resource);
                    var e = state.Handles.Get(index, expected);
                    if (e.Own && e.Lends > 0) throw AbiTraps.Trap($"cannot drop own handle {index} while it is lent out");
                    state.Handles.Remove(index, expected);
                    if (!e.Own)
                    {
                        if (e.Scope is not null) e.Scope.Borrows--;
                        return;
                    }
                    DropResource(e.Type, e.Rep);
                });
        }
    }

    /// <summary>Runs the destructor of a resource whose last own handle was dropped.</summary>
    internal static void DropResource(ResourceType type, uint rep)
    {
        if (type.HostDestructor is { } host) host(rep);
        else type.CoreDestructor?.Invoke(Value.FromI32((int)rep));
    }
}
