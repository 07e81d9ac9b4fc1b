namespace PluginHost.Wasm.Model;

/// <summary>The kind of an import or export.</summary>
public enum ExternKind : byte
{
    /// <summary>A function.</summary>
    Func = 0,
    /// <summary>A table.</summary>
    Table = 1,
    /// <summary>A linear memory.</summary>
    Memory = 2,
    /// <summary>A global.</summary>
    Global = 3,
}

/// <summary>Size limits of a table (elements) or memory (64 KiB pages).</summary>
public readonly record struct Limits(uint Min, uint? Max);

/// <summary>A table's element type and limits.</summary>
public sealed record TableType(ValueType ElementType, Limits Limits);

/// <summary>A linear memory's limits in pages.</summary>
public sealed record MemoryType(Limits Limits);

/// <summary>A global's value type and mutability.</summary>
public sealed record GlobalType(ValueType ValueType, bool Mutable);

/// <summary>A constant expression (the raw instruction bytes up to and including `end`), with its offset in the module.</summary>
public sealed record ConstExpr(ReadOnlyMemory<byte> Code, int Offset);
