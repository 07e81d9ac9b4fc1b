using PluginHost.Wasm.Compiler;
using PluginHost.Wasm.Model;

namespace PluginHost.Wasm;

/// <summary>A wasm or host function bound to a store.</summary>
/// <remarks>
/// Exceptions thrown by host functions propagate unchanged through guest frames to the embedder (a
/// <see cref="WasmTrapException"/> gets its <see cref="WasmTrapException.WasmBacktrace"/> filled in; any other exception
/// type, e.g. a WASI exit request, arrives exactly as thrown).
/// </remarks>
public sealed class Func : Extern
{
    /// <summary>Canonical signature id (call_indirect compares it).</summary>
    internal readonly int SigId;
    /// <summary>Code pointer: a compiled function or a host stub, called as (params..., ctx, ref extra results...).</summary>
    internal readonly nint Ptr;
    /// <summary>Context passed to <see cref="Ptr"/>.</summary>
    internal readonly InstanceContext Ctx;
    /// <summary>The typed delegate of a host function made by <see cref="Wrap"/>.</summary>
    internal readonly Delegate? HostDelegate;
    /// <summary>The untyped callback of a host function made by <see cref="FromCallback"/>.</summary>
    internal readonly HostFunctionCallback? Callback;
    /// <summary>Index in the defining module's function index space (-1 for host functions).</summary>
    internal readonly int Index;
    private readonly FuncType _type;

    private EntryStub? _entry;

    /// <summary>A compiled wasm function of an instance (sigId: the canonical id of type).</summary>
    internal Func(FuncType type, int sigId, nint ptr, InstanceContext ctx, int index)
    {
        _type = type;
        SigId = sigId;
        Ptr = ptr;
        Ctx = ctx;
        Index = index;
    }

    private Func(Store store, FuncType type, Delegate? typed, HostFunctionCallback? callback)
    {
        _type = type;
        SigId = SignatureRegistry.IdOf(type);
        HostDelegate = typed;
        Callback = callback;
        Index = -1;
        Ctx = new InstanceContext { Store = store, State = store.State, HostFunc = this };
        Ptr = typed is not null ? StubFactory.TypedHostStub(typed.GetType()) : StubFactory.UntypedHostStub(type);
    }

    /// <inheritdoc />
    public override ExternKind Kind => ExternKind.Func;

    /// <summary>The signature.</summary>
    public FuncType Type => _type;

    /// <summary>The store the function belongs to.</summary>
    public Store Store => Ctx.Store;

    /// <summary>True for host functions.</summary>
    internal bool IsHost => Index < 0;

    /// <summary>Creates a host function with an untyped callback.</summary>
    public static Func FromCallback(Store store, FuncType type, HostFunctionCallback callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return new Func(store, type, null, callback);
    }

    /// <summary>Creates a host function from a typed delegate (int, long, float, double, Func?, object?; optional leading Caller; result void, one value or a ValueTuple).</summary>
    public static Func Wrap(Store store, Delegate callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return new Func(store, HostSignature.Of(callback.GetType()).Type, callback, null);
    }

    /// <summary>Calls the function; traps surface as <see cref="WasmTrapException"/>.</summary>
    public Value[] Invoke(params Value[] args)
    {
        var parameters = _type.Params;
        if (args.Length != parameters.Length)
            throw new ArgumentException($"function expects {parameters.Length} arguments, got {args.Length}");
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i].Type != parameters[i])
                throw new ArgumentException($"argument {i}: expected {parameters[i].Name()}, got {args[i].Type.Name()}");
        }
        var results = new Value[_type.Results.Length];
        var entry = _entry ??= StubFactory.Entry(_type);
        var state = Ctx.State;
        var depth = state.Depth;
        try
        {
            var config = Ctx.Store.Engine.Config;
            if (config.RunOnCallerThread) entry(args, results, Ctx, Ptr);
            else GuestThreads.Run(() => entry(args, results, Ctx, Ptr), config.GuestThreadStackSize);
        }
        catch (WasmTrapException e)
        {
            e.WasmBacktrace ??= Backtrace.Capture(e);
            throw;
        }
        finally
        {
            state.Depth = depth;
        }
        return results;
    }

    /// <summary>Calls the host function's untyped callback (used by the host stubs).</summary>
    internal static Value[] InvokeCallback(InstanceContext ctx, Value[] args)
    {
        var func = ctx.HostFunc!;
        var types = func._type.Results;
        var results = new Value[types.Length];
        for (var i = 0; i < results.Length; i++) results[i] = Value.Default(types[i]);
        func.Callback!(ctx.GetCaller(), args, results);
        for (var i = 0; i < results.Length; i++)
        {
            if (results[i].Type != types[i])
                throw new WasmTrapException(TrapKind.HostError, $"host function returned {results[i].Type.Name()} for result {i}, expected {types[i].Name()}");
        }
        return results;
    }
}
