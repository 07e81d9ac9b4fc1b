using PluginHost.Wasm.Model;

namespace PluginHost.Wasm;

/// <summary>Something that can be imported or exported: a function, table, memory or global.</summary>
public abstract class Extern
{
    /// <summary>Which kind this is.</summary>
    public abstract ExternKind Kind { get; }
}
