using PluginHost.Wasm.Model;

namespace PluginHost.Wasm.Components.Binary;

// The decoded definitions of a component, in binary order; instantiation replays them.

/// <summary>A core sort (func/table/memory/global/type/module/instance).</summary>
internal enum CoreSort : byte { Func = 0, Table = 1, Memory = 2, Global = 3, Type = 0x10, Module = 0x11, Instance = 0x12 }

/// <summary>A sort index: a component sort or, when <see cref="Core"/> is set, a core sort.</summary>
internal readonly record struct SortIndex(ComponentSort Sort, CoreSort? Core, uint Index);

/// <summary>One definition step.</summary>
internal abstract record Definition;

/// <summary>An embedded core module (index = core module index).</summary>
internal sealed record CoreModuleDef(Module Module) : Definition;

/// <summary>core instance: instantiate module with named core instance args.</summary>
internal sealed record CoreInstantiateDef(uint Module, (string Name, uint Instance)[] Args) : Definition;

/// <summary>core instance from inline exports.</summary>
internal sealed record CoreInlineInstanceDef((string Name, CoreSort Sort, uint Index)[] Exports) : Definition;

/// <summary>A nested component.</summary>
internal sealed record NestedComponentDef(ComponentDefinition Component) : Definition;

/// <summary>instance: instantiate component with args.</summary>
internal sealed record InstantiateDef(uint Component, (string Name, SortIndex Item)[] Args) : Definition;

/// <summary>instance from inline exports.</summary>
internal sealed record InlineInstanceDef((string Name, SortIndex Item)[] Exports) : Definition;

/// <summary>alias export of a component instance.</summary>
internal sealed record AliasExportDef(SortIndex Sort, uint Instance, string Name) : Definition;

/// <summary>alias core export of a core instance.</summary>
internal sealed record AliasCoreExportDef(CoreSort Sort, uint Instance, string Name) : Definition;

/// <summary>alias outer (component or module; types are resolved statically).</summary>
internal sealed record AliasOuterDef(SortIndex Sort, uint Count, uint Index) : Definition;

/// <summary>A type definition that has a runtime effect: a locally defined resource type.</summary>
internal sealed record ResourceDef(ResourceTypeDef Resource) : Definition;

/// <summary>A type added to the type index space (static; recorded for runtime index bookkeeping).</summary>
internal sealed record TypeDef(object Type) : Definition;

/// <summary>Canonical options.</summary>
internal sealed record CanonOptions(StringEncoding Encoding, uint? Memory, uint? Realloc, uint? PostReturn);

/// <summary>canon lift.</summary>
internal sealed record CanonLiftDef(uint CoreFunc, CanonOptions Options, ComponentFuncType Type) : Definition;

/// <summary>canon lower.</summary>
internal sealed record CanonLowerDef(uint Func, CanonOptions Options, ComponentFuncType Type) : Definition;

/// <summary>canon resource.new / drop / rep.</summary>
internal sealed record CanonResourceDef(byte Op, ResourceTypeDef Resource) : Definition;

/// <summary>import.</summary>
internal sealed record ImportDef(string Name, ExternDesc Desc, object? BoundType) : Definition;

/// <summary>export (adds to its sort's index space).</summary>
internal sealed record ExportDef(string Name, SortIndex Item) : Definition;

/// <summary>start (component function with no params and results).</summary>
internal sealed record StartDef(uint Func) : Definition;

/// <summary>A decoded component: its definitions in order, plus static types of its imports and exports.</summary>
internal sealed class ComponentDefinition
{
    public List<Definition> Definitions { get; } = new();
    public ComponentShape Shape { get; } = new();
    /// <summary>The static type index space (types never need runtime evaluation except resources).</summary>
    public List<object> Types { get; set; } = new();
}
