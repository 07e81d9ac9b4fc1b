namespace PluginHost.Wasm;

/// <summary>Per-store caps on linear memory and table growth (null = only the module's own maximum applies).</summary>
public sealed record StoreLimits
{
    /// <summary>Largest size, in bytes, any one memory of the store may have (creation and memory.grow).</summary>
    public long? MaxMemoryBytes { get; init; }
    /// <summary>Largest number of elements any one table of the store may have (creation and table.grow).</summary>
    public long? MaxTableElements { get; init; }
    /// <summary>When true, growth beyond a cap traps (memory: MemoryOutOfBounds, table: TableOutOfBounds) instead of returning -1.</summary>
    public bool TrapOnGrowFailure { get; init; }
}
