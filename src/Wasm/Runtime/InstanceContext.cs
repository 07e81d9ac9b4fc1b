namespace PluginHost.Wasm;

/// <summary>Per-instance state passed as the last argument of every compiled function; also the binding target of host functions.</summary>
internal sealed class InstanceContext
{
    /// <summary>Memory 0, if the module has one.</summary>
    internal Memory? Memory;
    /// <summary>Globals by index (imported ones are the shared objects).</summary>
    internal Global[] Globals = [];
    /// <summary>Tables by index.</summary>
    internal Table[] Tables = [];
    /// <summary>Call target context of each imported function.</summary>
    internal InstanceContext[] ImportCtx = [];
    /// <summary>Code pointer of each imported function.</summary>
    internal nint[] ImportPtr = [];
    /// <summary>Always zero; compiled code XORs special float constants with it so the JIT cannot fold IEEE-sensitive operations (x - 0.0, x * 1.0) or quiet signalling-NaN constants.</summary>
    internal long Zero = 0;
    /// <summary>Func object of every function in the index space (ref.func).</summary>
    internal Func[] Funcs = [];
    /// <summary>Data segments (empty once dropped).</summary>
    internal ReadOnlyMemory<byte>[] Data = [];
    /// <summary>Evaluated element segments (empty once dropped).</summary>
    internal object?[][] Elems = [];
    /// <summary>Shared execution state of the store.</summary>
    internal StoreState State = null!;
    /// <summary>The owning store.</summary>
    internal Store Store = null!;
    /// <summary>The instance, once created.</summary>
    internal Instance? Instance;
    /// <summary>The module whose code runs with this context.</summary>
    internal Module? Module;
    /// <summary>For a host-function binding: the host function.</summary>
    internal Func? HostFunc;
    /// <summary>For a host-function binding made for an import: the importing instance's context.</summary>
    internal InstanceContext? CallerContext;
    /// <summary>Cached caller handed to typed host functions.</summary>
    internal Caller? CachedCaller;

    /// <summary>The Caller seen by a host function bound through this context.</summary>
    internal Caller GetCaller() => CachedCaller ??= new Caller(Store, CallerContext?.Instance);
}
