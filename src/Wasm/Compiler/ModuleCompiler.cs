using System.Reflection;
using System.Reflection.Emit;
using PluginHost.Wasm.Model;

namespace PluginHost.Wasm.Compiler;

/// <summary>Compiles every function of a validated module into static methods of one collectible dynamic assembly.</summary>
internal sealed class ModuleCompiler
{
    internal ModuleCompiler(ModuleInfo info, EngineConfig config)
    {
        Info = info;
        ConsumeFuel = config.ConsumeFuel;
        var funcTypes = new List<FuncType>();
        var globals = new List<GlobalType>();
        var tables = new List<TableType>();
        foreach (var import in info.Imports)
        {
            switch (import.Kind)
            {
                case ExternKind.Func: funcTypes.Add(info.Types[(int)import.FuncTypeIndex]); break;
                case ExternKind.Global: globals.Add(import.Global!); break;
                case ExternKind.Table: tables.Add(import.Table!); break;
            }
        }
        ImportedFuncCount = funcTypes.Count;
        foreach (var t in info.FunctionTypeIndices) funcTypes.Add(info.Types[(int)t]);
        foreach (var g in info.Globals) globals.Add(g.Type);
        tables.AddRange(info.Tables);
        FuncTypes = funcTypes.ToArray();
        GlobalTypes = globals.ToArray();
        TableTypes = tables.ToArray();
    }

    internal ModuleInfo Info { get; }
    internal bool ConsumeFuel { get; }
    internal int ImportedFuncCount { get; }
    internal FuncType[] FuncTypes { get; }
    internal GlobalType[] GlobalTypes { get; }
    internal TableType[] TableTypes { get; }
    internal MethodBuilder[] Methods { get; private set; } = [];

    private ModuleBuilder? _builder;
    private readonly Dictionary<FieldInfo, int> _fieldTokens = new();
    private readonly Dictionary<MethodInfo, int> _methodTokens = new();

    /// <summary>The metadata token of a runtime helper method, looked up once per module.</summary>
    internal int MethodToken(MethodInfo method)
    {
        if (!_methodTokens.TryGetValue(method, out var token))
        {
            token = _builder!.GetMethodMetadataToken(method);
            _methodTokens[method] = token;
        }
        return token;
    }

    /// <summary>The metadata token of a field, looked up once per module (the lookup is costly).</summary>
    internal int FieldToken(FieldInfo field)
    {
        if (!_fieldTokens.TryGetValue(field, out var token))
        {
            token = _builder!.GetFieldMetadataToken(field);
            _fieldTokens[field] = token;
        }
        return token;
    }

    /// <summary>Compiles all bodies; returns the generated type and a code pointer per defined function.</summary>
    internal (Type Type, nint[] Pointers) Compile()
    {
        var module = DynamicAssemblies.Create("PluginHost.Wasm.Module", AssemblyBuilderAccess.RunAndCollect);
        _builder = module;
        var type = module.DefineType("WasmCode", TypeAttributes.Public | TypeAttributes.Sealed | TypeAttributes.Abstract | TypeAttributes.Class);
        var count = Info.Bodies.Count;
        Methods = new MethodBuilder[count];
        for (var j = 0; j < count; j++)
        {
            var ft = FuncTypes[ImportedFuncCount + j];
            Methods[j] = type.DefineMethod($"f{ImportedFuncCount + j}", MethodAttributes.Public | MethodAttributes.Static,
                IlTypes.ReturnType(ft), IlTypes.ParameterTypes(ft));
            // Straight to optimized code: no tier-0 phase, so long-running loops are fast from the first call.
            Methods[j].SetImplementationFlags(MethodImplAttributes.AggressiveOptimization);
        }
        for (var j = 0; j < count; j++)
        {
            var index = ImportedFuncCount + j;
            new FunctionCompiler(this, Methods[j], index, FuncTypes[index], Info.Bodies[j]).Compile();
        }
        var created = type.CreateType();
        var pointers = new nint[count];
        foreach (var method in created.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly))
        {
            var j = int.Parse(method.Name.AsSpan(1)) - ImportedFuncCount;
            pointers[j] = method.MethodHandle.GetFunctionPointer();
        }
        return (created, pointers);
    }
}
