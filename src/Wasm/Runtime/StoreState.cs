namespace PluginHost.Wasm;

/// <summary>Mutable per-store execution state read by compiled code: call depth, interrupt flag and fuel.</summary>
internal sealed class StoreState
{
    /// <summary>Current wasm call depth.</summary>
    internal int Depth;
    /// <summary>Depth at which calls trap.</summary>
    internal int MaxDepth;
    /// <summary>Nonzero when the running guest code must stop (read with volatile semantics).</summary>
    internal int Interrupt;
    /// <summary>Remaining fuel (only consumed when the engine enables it).</summary>
    internal long Fuel;
}
