using PluginHost.Wasm.Model;
using ValueType = PluginHost.Wasm.Model.ValueType;

namespace PluginHost.Wasm.Validation;

/// <summary>Validates a decoded module against the WebAssembly 2.0 validation rules (plus extended-const).</summary>
public static class Validator
{
    /// <summary>Largest memory size in 64 KiB pages (4 GiB).</summary>
    public const uint MaxMemoryPages = 65536;

    /// <summary>Throws an invalid-module <see cref="WasmModuleException"/> naming the section, function and offset when the module does not validate.</summary>
    public static void Validate(ModuleInfo module)
    {
        CheckTypeIndices(module);
        CheckTablesAndMemories(module);
        var context = new ValidationContext(module);
        CollectDeclaredReferences(module, context);

        foreach (var global in module.Globals)
            ConstExprValidator.Validate(global.Init, global.Type.ValueType, context, "global");
        SegmentValidator.ValidateElements(module, context);
        SegmentValidator.ValidateData(module, context);
        CheckStart(module, context);
        CheckExports(module, context);

        var functions = new FunctionValidator(context);
        for (var i = 0; i < module.Bodies.Count; i++)
        {
            var functionIndex = module.ImportedFunctionCount + i;
            functions.Validate(functionIndex, context.Functions[functionIndex], module.Bodies[i]);
        }
    }

    private static void CheckTypeIndices(ModuleInfo module)
    {
        for (var i = 0; i < module.Imports.Count; i++)
        {
            var import = module.Imports[i];
            if (import.Kind == ExternKind.Func && import.FuncTypeIndex >= module.Types.Count)
                throw InvalidModule.Error($"unknown type {import.FuncTypeIndex} (import \"{import.Module}\" \"{import.Name}\")",
                    module.EntryOffset("import", i), "import");
        }
        for (var i = 0; i < module.FunctionTypeIndices.Count; i++)
        {
            var index = module.FunctionTypeIndices[i];
            if (index >= module.Types.Count)
                throw InvalidModule.Error($"unknown type {index} (function {module.ImportedFunctionCount + i})",
                    module.EntryOffset("function", i), "function");
        }
    }

    private static void CheckTablesAndMemories(ModuleInfo module)
    {
        for (var i = 0; i < module.Imports.Count; i++)
        {
            var import = module.Imports[i];
            if (import.Table is { } table) CheckTableLimits(table.Limits, module.EntryOffset("import", i), "import");
            if (import.Memory is { } memory) CheckMemoryLimits(memory.Limits, module.EntryOffset("import", i), "import");
        }
        for (var i = 0; i < module.Tables.Count; i++)
            CheckTableLimits(module.Tables[i].Limits, module.EntryOffset("table", i), "table");
        for (var i = 0; i < module.Memories.Count; i++)
            CheckMemoryLimits(module.Memories[i].Limits, module.EntryOffset("memory", i), "memory");
        if (module.ImportedMemoryCount + module.Memories.Count > 1)
        {
            var (section, index) = module.Memories.Count > 0 ? ("memory", module.Memories.Count - 1) : ("import", module.Imports.Count - 1);
            throw InvalidModule.Error("multiple memories", module.EntryOffset(section, index), section);
        }
    }

    private static void CheckTableLimits(Limits limits, int offset, string section)
    {
        if (limits.Max is { } max && limits.Min > max)
            throw InvalidModule.Error($"size minimum must not be greater than maximum ({limits.Min} > {max})", offset, section);
    }

    private static void CheckMemoryLimits(Limits limits, int offset, string section)
    {
        if (limits.Min > MaxMemoryPages || limits.Max > MaxMemoryPages)
            throw InvalidModule.Error("memory size must be at most 65536 pages (4GiB)", offset, section);
        if (limits.Max is { } max && limits.Min > max)
            throw InvalidModule.Error($"size minimum must not be greater than maximum ({limits.Min} > {max})", offset, section);
    }

    /// <summary>C.refs: functions named outside function bodies and the start section may be used by ref.func.</summary>
    private static void CollectDeclaredReferences(ModuleInfo module, ValidationContext context)
    {
        foreach (var export in module.Exports)
            if (export.Kind == ExternKind.Func) context.Declare(export.Index);
        foreach (var global in module.Globals) ConstExprValidator.CollectReferences(global.Init, context);
        foreach (var segment in module.Elements)
        {
            if (segment.FuncIndices is { } indices)
                foreach (var index in indices) context.Declare(index);
            if (segment.Items is { } items)
                foreach (var item in items) ConstExprValidator.CollectReferences(item, context);
        }
    }

    private static void CheckStart(ModuleInfo module, ValidationContext context)
    {
        if (module.Start is not { } start) return;
        var offset = module.SectionOffsets.GetValueOrDefault("start");
        if (start >= context.Functions.Count) throw InvalidModule.Error($"unknown function {start}", offset, "start");
        var type = context.Functions[(int)start];
        if (type.Params.Length != 0 || type.Results.Length != 0)
            throw InvalidModule.Error($"start function must have type () -> (), function {start} has {type}", offset, "start");
    }

    private static void CheckExports(ModuleInfo module, ValidationContext context)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < module.Exports.Count; i++)
        {
            var export = module.Exports[i];
            var offset = module.EntryOffset("export", i);
            var (count, what) = export.Kind switch
            {
                ExternKind.Func => (context.Functions.Count, "function"),
                ExternKind.Table => (context.Tables.Count, "table"),
                ExternKind.Memory => (context.Memories.Count, "memory"),
                _ => (context.Globals.Count, "global"),
            };
            if (export.Index >= count)
                throw InvalidModule.Error($"unknown {what} {export.Index} (export \"{export.Name}\")", offset, "export");
            if (!names.Add(export.Name))
                throw InvalidModule.Error($"duplicate export name \"{export.Name}\"", offset, "export");
        }
    }
}
