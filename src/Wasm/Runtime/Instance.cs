using PluginHost.Wasm.Compiler;
using PluginHost.Wasm.Model;

namespace PluginHost.Wasm;

/// <summary>An instantiated module.</summary>
public sealed class Instance
{
    private readonly List<KeyValuePair<string, Extern>> _exports;
    private readonly Dictionary<string, Extern> _byName;

    private Instance(Module module, List<KeyValuePair<string, Extern>> exports)
    {
        Module = module;
        _exports = exports;
        _byName = new Dictionary<string, Extern>(StringComparer.Ordinal);
        foreach (var (name, item) in exports) _byName[name] = item;
    }

    /// <summary>The module it instantiates.</summary>
    public Module Module { get; }

    /// <summary>All exports by name, in module order.</summary>
    public IReadOnlyList<KeyValuePair<string, Extern>> Exports => _exports;

    /// <summary>An export by name, or null.</summary>
    public Extern? GetExport(string name) => _byName.GetValueOrDefault(name);

    /// <summary>An exported function, or null.</summary>
    public Func? GetFunction(string name) => GetExport(name) as Func;

    /// <summary>An exported memory, or null.</summary>
    public Memory? GetMemory(string name) => GetExport(name) as Memory;

    /// <summary>An exported table, or null.</summary>
    public Table? GetTable(string name) => GetExport(name) as Table;

    /// <summary>An exported global, or null.</summary>
    public Global? GetGlobal(string name) => GetExport(name) as Global;

    /// <summary>Builds the instance from resolved, type-checked imports: creates its objects, applies the active segments in order, then runs the start function.</summary>
    internal static Instance Create(Store store, Module module, Extern[] imports)
    {
        var info = module.Info;
        var ctx = new InstanceContext { Store = store, State = store.State, Module = module };
        var funcs = new Func[module.FuncTypes.Length];
        var globals = new Global[module.GlobalTypes.Length];
        var tables = new List<Table>();
        var importCtx = new InstanceContext[module.ImportedFuncCount];
        var importPtr = new nint[module.ImportedFuncCount];
        int fi = 0, gi = 0;
        for (var i = 0; i < imports.Length; i++)
        {
            switch (imports[i])
            {
                case Func f:
                    importCtx[fi] = f.IsHost
                        ? new InstanceContext { Store = f.Store, State = store.State, HostFunc = f, CallerContext = ctx }
                        : f.Ctx;
                    importPtr[fi] = f.Ptr;
                    funcs[fi++] = f;
                    break;
                case Table t: tables.Add(t); break;
                case Memory m: ctx.Memory = m; break;
                case Global g: globals[gi++] = g; break;
            }
        }
        for (var j = 0; j < module.FunctionPointers.Length; j++)
        {
            var index = module.ImportedFuncCount + j;
            funcs[index] = new Func(module.FuncTypes[index], module.FuncSigIds[index], module.FunctionPointers[j], ctx, index);
        }
        foreach (var t in info.Tables) tables.Add(Table.CreateFor(store, t));
        if (info.Memories.Count > 0) ctx.Memory = Memory.CreateFor(store, info.Memories[0]);
        foreach (var g in info.Globals)
            globals[gi++] = new Global(g.Type, ConstEvaluator.Evaluate(g.Init, globals, funcs));

        ctx.Funcs = funcs;
        ctx.Globals = globals;
        ctx.Tables = tables.ToArray();
        ctx.ImportCtx = importCtx;
        ctx.ImportPtr = importPtr;
        ctx.Data = info.Data.Select(d => d.Bytes).ToArray();
        ctx.Elems = info.Elements.Select(e => e.FuncIndices is { } indices
            ? indices.Select(x => (object?)funcs[x]).ToArray()
            : e.Items!.Select(x => ConstEvaluator.Evaluate(x, globals, funcs).Ref).ToArray()).ToArray();

        var exports = new List<KeyValuePair<string, Extern>>();
        foreach (var e in info.Exports)
        {
            Extern item = e.Kind switch
            {
                ExternKind.Func => funcs[e.Index],
                ExternKind.Table => ctx.Tables[e.Index],
                ExternKind.Memory => ctx.Memory!,
                _ => globals[e.Index],
            };
            exports.Add(new(e.Name, item));
        }
        var instance = new Instance(module, exports);
        ctx.Instance = instance;

        // Wasm 2.0 order: element segments, then data segments, each in order; a trap keeps earlier writes.
        for (var i = 0; i < info.Elements.Count; i++)
        {
            var seg = info.Elements[i];
            if (seg.Mode == SegmentMode.Active)
            {
                var offset = ConstEvaluator.Evaluate(seg.Offset!, globals, funcs).I32;
                RuntimeOps.TableInit(offset, 0, ctx.Elems[i].Length, ctx, i, (int)seg.TableIndex);
            }
            if (seg.Mode != SegmentMode.Passive) RuntimeOps.ElemDrop(ctx, i);
        }
        for (var i = 0; i < info.Data.Count; i++)
        {
            var seg = info.Data[i];
            if (seg.Mode != SegmentMode.Active) continue;
            var offset = ConstEvaluator.Evaluate(seg.Offset!, globals, funcs).I32;
            RuntimeOps.MemoryInit(offset, 0, seg.Bytes.Length, ctx, i);
            RuntimeOps.DataDrop(ctx, i);
        }
        if (info.Start is { } start) funcs[start].Invoke();
        return instance;
    }
}
