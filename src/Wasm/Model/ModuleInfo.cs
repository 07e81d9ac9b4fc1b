namespace PluginHost.Wasm.Model;

/// <summary>An import: module name, field name and what it describes.</summary>
/// <param name="Module">The import's module name.</param>
/// <param name="Name">The import's field name.</param>
/// <param name="Kind">Which of the descriptor fields is set.</param>
/// <param name="FuncTypeIndex">Type index, for a function import.</param>
/// <param name="Table">Table type, for a table import.</param>
/// <param name="Memory">Memory type, for a memory import.</param>
/// <param name="Global">Global type, for a global import.</param>
public sealed record Import(string Module, string Name, ExternKind Kind, uint FuncTypeIndex = 0,
    TableType? Table = null, MemoryType? Memory = null, GlobalType? Global = null);

/// <summary>An export: name, kind and index into that kind's index space.</summary>
public sealed record Export(string Name, ExternKind Kind, uint Index);

/// <summary>A global defined by the module.</summary>
public sealed record GlobalDef(GlobalType Type, ConstExpr Init);

/// <summary>How a data or element segment is used.</summary>
public enum SegmentMode : byte
{
    /// <summary>Copied at instantiation to an offset.</summary>
    Active,
    /// <summary>Used by memory.init / table.init.</summary>
    Passive,
    /// <summary>Element segment that only declares references (ref.func).</summary>
    Declarative,
}

/// <summary>An element segment; every item is a constant expression (funcidx lists are turned into ref.func expressions by <see cref="ElementSegment.FuncIndices"/>).</summary>
/// <param name="Mode">Active, passive or declarative.</param>
/// <param name="TableIndex">Target table, when active.</param>
/// <param name="Offset">Offset expression, when active.</param>
/// <param name="ElementType">funcref or externref.</param>
/// <param name="FuncIndices">Items as function indices (the funcidx encodings), or null.</param>
/// <param name="Items">Items as expressions (the expression encodings), or null.</param>
public sealed record ElementSegment(SegmentMode Mode, uint TableIndex, ConstExpr? Offset, ValueType ElementType,
    uint[]? FuncIndices, ConstExpr[]? Items)
{
    /// <summary>Number of items.</summary>
    public int Count => FuncIndices?.Length ?? Items!.Length;
}

/// <summary>A data segment.</summary>
/// <param name="Mode">Active or passive.</param>
/// <param name="MemoryIndex">Target memory, when active.</param>
/// <param name="Offset">Offset expression, when active.</param>
/// <param name="Bytes">The segment's bytes.</param>
public sealed record DataSegment(SegmentMode Mode, uint MemoryIndex, ConstExpr? Offset, ReadOnlyMemory<byte> Bytes);

/// <summary>A run of locals of one type, as declared in a function body.</summary>
public readonly record struct LocalGroup(uint Count, ValueType Type);

/// <summary>A function body: local declarations and the instruction bytes (up to and including the final `end`).</summary>
/// <param name="Locals">Local declarations (not including parameters).</param>
/// <param name="LocalCount">Total number of declared locals (checked against a limit by the decoder).</param>
/// <param name="Code">Instruction bytes.</param>
/// <param name="CodeOffset">Byte offset of <paramref name="Code"/> within the module, for error messages.</param>
public sealed record FunctionBody(LocalGroup[] Locals, uint LocalCount, ReadOnlyMemory<byte> Code, int CodeOffset);

/// <summary>A custom section, kept as raw bytes.</summary>
public sealed record CustomSection(string Name, ReadOnlyMemory<byte> Data);

/// <summary>A decoded (not yet validated) WebAssembly module: every section of the binary format.</summary>
public sealed class ModuleInfo
{
    /// <summary>Type section.</summary>
    public List<FuncType> Types { get; } = new();
    /// <summary>Import section.</summary>
    public List<Import> Imports { get; } = new();
    /// <summary>Type index of each function defined by the module (function section).</summary>
    public List<uint> FunctionTypeIndices { get; } = new();
    /// <summary>Tables defined by the module.</summary>
    public List<TableType> Tables { get; } = new();
    /// <summary>Memories defined by the module.</summary>
    public List<MemoryType> Memories { get; } = new();
    /// <summary>Globals defined by the module.</summary>
    public List<GlobalDef> Globals { get; } = new();
    /// <summary>Export section.</summary>
    public List<Export> Exports { get; } = new();
    /// <summary>Start function index, if any.</summary>
    public uint? Start { get; set; }
    /// <summary>Element section.</summary>
    public List<ElementSegment> Elements { get; } = new();
    /// <summary>Data count section's value, if present.</summary>
    public uint? DataCount { get; set; }
    /// <summary>Code section: one body per defined function.</summary>
    public List<FunctionBody> Bodies { get; } = new();
    /// <summary>Data section.</summary>
    public List<DataSegment> Data { get; } = new();
    /// <summary>Custom sections in order of appearance.</summary>
    public List<CustomSection> CustomSections { get; } = new();
    /// <summary>Module name from the name section, if any.</summary>
    public string? ModuleName { get; set; }
    /// <summary>Function names from the name section, by function index.</summary>
    public Dictionary<uint, string> FunctionNames { get; } = new();

    /// <summary>Byte offset of each section's content by section name (e.g. "export"), for error messages.</summary>
    public Dictionary<string, int> SectionOffsets { get; } = new();

    /// <summary>Byte offset of each entry (type, import, function, table, memory, global, export, element, data segment) by section name, for error messages.</summary>
    public Dictionary<string, List<int>> EntryOffsets { get; } = new();

    /// <summary>Byte offset of entry index of a section, or of the section itself when unknown.</summary>
    public int EntryOffset(string section, int index) =>
        EntryOffsets.TryGetValue(section, out var offsets) && (uint)index < (uint)offsets.Count
            ? offsets[index]
            : SectionOffsets.GetValueOrDefault(section);

    /// <summary>Number of imported functions (they come first in the function index space).</summary>
    public int ImportedFunctionCount { get; set; }
    /// <summary>Number of imported tables.</summary>
    public int ImportedTableCount { get; set; }
    /// <summary>Number of imported memories.</summary>
    public int ImportedMemoryCount { get; set; }
    /// <summary>Number of imported globals.</summary>
    public int ImportedGlobalCount { get; set; }
}
