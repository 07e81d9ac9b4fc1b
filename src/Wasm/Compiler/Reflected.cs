using System.Numerics;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace PluginHost.Wasm.Compiler;

/// <summary>Fields compiled code reads and writes.</summary>
internal static class Fields
{
    private const BindingFlags Any = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;

    internal static readonly FieldInfo State = typeof(InstanceContext).GetField(nameof(InstanceContext.State), Any)!;
    internal static readonly FieldInfo Memory = typeof(InstanceContext).GetField(nameof(InstanceContext.Memory), Any)!;
    internal static readonly FieldInfo Globals = typeof(InstanceContext).GetField(nameof(InstanceContext.Globals), Any)!;
    internal static readonly FieldInfo ImportCtx = typeof(InstanceContext).GetField(nameof(InstanceContext.ImportCtx), Any)!;
    internal static readonly FieldInfo ImportPtr = typeof(InstanceContext).GetField(nameof(InstanceContext.ImportPtr), Any)!;
    internal static readonly FieldInfo Funcs = typeof(InstanceContext).GetField(nameof(InstanceContext.Funcs), Any)!;
    internal static readonly FieldInfo Zero = typeof(InstanceContext).GetField(nameof(InstanceContext.Zero), Any)!;
    internal static readonly FieldInfo HostFunc = typeof(InstanceContext).GetField(nameof(InstanceContext.HostFunc), Any)!;
    internal static readonly FieldInfo Depth = typeof(StoreState).GetField(nameof(StoreState.Depth), Any)!;
    internal static readonly FieldInfo MaxDepth = typeof(StoreState).GetField(nameof(StoreState.MaxDepth), Any)!;
    internal static readonly FieldInfo Interrupt = typeof(StoreState).GetField(nameof(StoreState.Interrupt), Any)!;
    internal static readonly FieldInfo Fuel = typeof(StoreState).GetField(nameof(StoreState.Fuel), Any)!;
    internal static readonly FieldInfo MemBase = typeof(Memory).GetField(nameof(Wasm.Memory.Base), Any)!;
    internal static readonly FieldInfo MemLength = typeof(Memory).GetField(nameof(Wasm.Memory.ByteLength), Any)!;
    internal static readonly FieldInfo FuncCtx = typeof(Func).GetField(nameof(Func.Ctx), Any)!;
    internal static readonly FieldInfo FuncPtr = typeof(Func).GetField(nameof(Func.Ptr), Any)!;
    internal static readonly FieldInfo HostDelegate = typeof(Func).GetField(nameof(Func.HostDelegate), Any)!;
    internal static readonly FieldInfo GlobalI32 = typeof(Global).GetField(nameof(Global.I32), Any)!;
    internal static readonly FieldInfo GlobalI64 = typeof(Global).GetField(nameof(Global.I64), Any)!;
    internal static readonly FieldInfo GlobalF32 = typeof(Global).GetField(nameof(Global.F32), Any)!;
    internal static readonly FieldInfo GlobalF64 = typeof(Global).GetField(nameof(Global.F64), Any)!;
    internal static readonly FieldInfo GlobalRef = typeof(Global).GetField(nameof(Global.Ref), Any)!;
}

/// <summary>Methods compiled code calls.</summary>
internal static class Methods
{
    private const BindingFlags Any = BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic;

    internal static MethodInfo Of(Type type, string name, params Type[] args) =>
        type.GetMethod(name, Any, args) ?? throw new MissingMethodException(type.Name, name);

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(Type, string), MethodInfo> Cache = new();

    internal static MethodInfo Op(string name) => Cache.GetOrAdd((typeof(NumericOps), name), static k =>
        k.Item1.GetMethod(k.Item2, Any) ?? throw new MissingMethodException(k.Item1.Name, k.Item2));

    internal static MethodInfo Rt(string name) => Cache.GetOrAdd((typeof(RuntimeOps), name), static k =>
        k.Item1.GetMethod(k.Item2, Any) ?? throw new MissingMethodException(k.Item1.Name, k.Item2));

    internal static readonly MethodInfo StackExhausted = Of(typeof(Traps), nameof(Traps.StackExhausted));
    internal static readonly MethodInfo MemoryOutOfBounds = Of(typeof(Traps), nameof(Traps.MemoryOutOfBounds));
    internal static readonly MethodInfo Unreachable = Of(typeof(Traps), nameof(Traps.Unreachable));
    internal static readonly MethodInfo Interrupted = Of(typeof(Traps), nameof(Traps.Interrupted), typeof(InstanceContext));
    internal static readonly MethodInfo OutOfFuel = Of(typeof(Traps), nameof(Traps.OutOfFuel));
    internal static readonly MethodInfo TryEnsureStack = Of(typeof(RuntimeHelpers), nameof(RuntimeHelpers.TryEnsureSufficientExecutionStack));
    internal static readonly MethodInfo ResolveIndirect = Rt(nameof(RuntimeOps.ResolveIndirect));

    internal static readonly MethodInfo Clz32 = Of(typeof(BitOperations), nameof(BitOperations.LeadingZeroCount), typeof(uint));
    internal static readonly MethodInfo Clz64 = Of(typeof(BitOperations), nameof(BitOperations.LeadingZeroCount), typeof(ulong));
    internal static readonly MethodInfo Ctz32 = Of(typeof(BitOperations), nameof(BitOperations.TrailingZeroCount), typeof(int));
    internal static readonly MethodInfo Ctz64 = Of(typeof(BitOperations), nameof(BitOperations.TrailingZeroCount), typeof(long));
    internal static readonly MethodInfo Popcnt32 = Of(typeof(BitOperations), nameof(BitOperations.PopCount), typeof(uint));
    internal static readonly MethodInfo Popcnt64 = Of(typeof(BitOperations), nameof(BitOperations.PopCount), typeof(ulong));
    internal static readonly MethodInfo Rotl32 = Of(typeof(BitOperations), nameof(BitOperations.RotateLeft), typeof(uint), typeof(int));
    internal static readonly MethodInfo Rotr32 = Of(typeof(BitOperations), nameof(BitOperations.RotateRight), typeof(uint), typeof(int));
    internal static readonly MethodInfo Rotl64 = Of(typeof(BitOperations), nameof(BitOperations.RotateLeft), typeof(ulong), typeof(int));
    internal static readonly MethodInfo Rotr64 = Of(typeof(BitOperations), nameof(BitOperations.RotateRight), typeof(ulong), typeof(int));
    internal static readonly MethodInfo F32Ceil = Of(typeof(MathF), nameof(MathF.Ceiling), typeof(float));
    internal static readonly MethodInfo F32Floor = Of(typeof(MathF), nameof(MathF.Floor), typeof(float));
    internal static readonly MethodInfo F32Trunc = Of(typeof(MathF), nameof(MathF.Truncate), typeof(float));
    internal static readonly MethodInfo F32Sqrt = Of(typeof(MathF), nameof(MathF.Sqrt), typeof(float));
    internal static readonly MethodInfo F64Ceil = Of(typeof(Math), nameof(Math.Ceiling), typeof(double));
    internal static readonly MethodInfo F64Floor = Of(typeof(Math), nameof(Math.Floor), typeof(double));
    internal static readonly MethodInfo F64Trunc = Of(typeof(Math), nameof(Math.Truncate), typeof(double));
    internal static readonly MethodInfo F64Sqrt = Of(typeof(Math), nameof(Math.Sqrt), typeof(double));
    internal static readonly MethodInfo F32Bits = Of(typeof(BitConverter), nameof(BitConverter.SingleToInt32Bits), typeof(float));
    internal static readonly MethodInfo F32FromBits = Of(typeof(BitConverter), nameof(BitConverter.Int32BitsToSingle), typeof(int));
    internal static readonly MethodInfo F64Bits = Of(typeof(BitConverter), nameof(BitConverter.DoubleToInt64Bits), typeof(double));
    internal static readonly MethodInfo F64FromBits = Of(typeof(BitConverter), nameof(BitConverter.Int64BitsToDouble), typeof(long));
}
