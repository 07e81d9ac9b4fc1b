using PluginHost.Wasm.Model;
using ValueType = PluginHost.Wasm.Model.ValueType;

namespace PluginHost.Wasm.Validation;

/// <summary>The module-wide index spaces a function body or constant expression is checked against (the spec's context C).</summary>
internal sealed class ValidationContext
{
    /// <summary>Builds the context; type indices of functions must already be known to be in range.</summary>
    public ValidationContext(ModuleInfo module)
    {
        Module = module;
        foreach (var import in module.Imports)
        {
            switch (import.Kind)
            {
                case ExternKind.Func: Functions.Add(module.Types[(int)import.FuncTypeIndex]); break;
                case ExternKind.Table: Tables.Add(import.Table!); break;
                case ExternKind.Memory: Memories.Add(import.Memory!); break;
                case ExternKind.Global: Globals.Add(import.Global!); break;
            }
        }
        foreach (var index in module.FunctionTypeIndices) Functions.Add(module.Types[(int)index]);
        Tables.AddRange(module.Tables);
        Memories.AddRange(module.Memories);
        foreach (var global in module.Globals) Globals.Add(global.Type);
        DeclaredReferences = new bool[Functions.Count];
    }

    /// <summary>The module.</summary>
    public ModuleInfo Module { get; }

    /// <summary>Signature of every function in the function index space.</summary>
    public List<FuncType> Functions { get; } = new();

    /// <summary>Every table in the table index space.</summary>
    public List<TableType> Tables { get; } = new();

    /// <summary>Every memory in the memory index space.</summary>
    public List<MemoryType> Memories { get; } = new();

    /// <summary>Every global in the global index space.</summary>
    public List<GlobalType> Globals { get; } = new();

    /// <summary>Functions that may be used by ref.func inside bodies (the spec's C.refs), by function index.</summary>
    public bool[] DeclaredReferences { get; }

    /// <summary>Element type of each element segment.</summary>
    public IReadOnlyList<ElementSegment> Elements => Module.Elements;

    /// <summary>Number of data segments usable by memory.init and data.drop (the data count section's value).</summary>
    public uint DataCount => Module.DataCount ?? 0;

    /// <summary>Marks a function as referenced outside function bodies.</summary>
    public void Declare(uint functionIndex)
    {
        if (functionIndex < DeclaredReferences.Length) DeclaredReferences[functionIndex] = true;
    }
}
