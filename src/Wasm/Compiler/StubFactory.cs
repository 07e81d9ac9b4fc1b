using System.Collections.Concurrent;
using System.Reflection;
using System.Reflection.Emit;
using PluginHost.Wasm.Model;
using ValueType = PluginHost.Wasm.Model.ValueType;

namespace PluginHost.Wasm.Compiler;

/// <summary>Calls a compiled function (params..., ctx, ref extra results...) with untyped values.</summary>
internal delegate void EntryStub(Value[] args, Value[] results, InstanceContext ctx, nint code);

/// <summary>Generates and caches the glue between untyped/typed host code and the compiled calling convention.</summary>
internal static class StubFactory
{
    private static readonly ConcurrentDictionary<FuncType, EntryStub> Entries = new();
    private static readonly ConcurrentDictionary<Type, nint> TypedStubs = new();
    private static readonly ConcurrentDictionary<FuncType, nint> UntypedStubs = new();
    private static readonly object Gate = new();
    private static ModuleBuilder? _stubModule;
    private static int _stubCounter;

    private const BindingFlags Any = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static;

    /// <summary>The entry stub for a signature (host -> wasm).</summary>
    internal static EntryStub Entry(FuncType type) => Entries.GetOrAdd(type, CreateEntry);

    /// <summary>Code pointer of the stub that calls a typed host delegate of this delegate type.</summary>
    internal static nint TypedHostStub(Type delegateType) => TypedStubs.GetOrAdd(delegateType, CreateTypedHostStub);

    /// <summary>Code pointer of the stub that calls an untyped host callback with this signature.</summary>
    internal static nint UntypedHostStub(FuncType type) => UntypedStubs.GetOrAdd(type, CreateUntypedHostStub);

    private static EntryStub CreateEntry(FuncType type)
    {
        var method = new DynamicMethod("wasm_entry", typeof(void), [typeof(Value[]), typeof(Value[]), typeof(InstanceContext), typeof(nint)],
            typeof(StubFactory).Module, skipVisibility: true);
        var il = method.GetILGenerator();
        for (var i = 0; i < type.Params.Length; i++)
        {
            il.Emit(OpCodes.Ldarg_0);
            il.Emit(OpCodes.Ldc_I4, i);
            il.Emit(OpCodes.Ldelema, typeof(Value));
            il.Emit(OpCodes.Call, ValueGetter(type.Params[i]));
        }
        il.Emit(OpCodes.Ldarg_2);
        var temps = new LocalBuilder[type.Results.Length];
        for (var k = 0; k < type.Results.Length; k++) temps[k] = il.DeclareLocal(IlTypes.Of(type.Results[k]));
        for (var k = 1; k < type.Results.Length; k++) il.Emit(OpCodes.Ldloca, temps[k]);
        il.Emit(OpCodes.Ldarg_3);
        il.EmitCalli(OpCodes.Calli, CallingConventions.Standard, IlTypes.ReturnType(type), IlTypes.ParameterTypes(type), null);
        if (type.Results.Length > 0) il.Emit(OpCodes.Stloc, temps[0]);
        for (var k = 0; k < type.Results.Length; k++)
        {
            il.Emit(OpCodes.Ldarg_1);
            il.Emit(OpCodes.Ldc_I4, k);
            il.Emit(OpCodes.Ldelema, typeof(Value));
            il.Emit(OpCodes.Ldloc, temps[k]);
            EmitToValue(il, type.Results[k]);
            il.Emit(OpCodes.Stobj, typeof(Value));
        }
        il.Emit(OpCodes.Ret);
        return method.CreateDelegate<EntryStub>();
    }

    private static nint CreateTypedHostStub(Type delegateType)
    {
        var sig = HostSignature.Of(delegateType);
        var type = sig.Type;
        // A non-public delegate type needs an assembly allowed to see into the delegate's own assembly.
        var access = delegateType.IsVisible ? null : delegateType.Assembly.GetName().Name;
        return DefineStub(type, access, il =>
        {
            var ctxArg = (short)type.Params.Length;
            il.EmitLdarg(ctxArg);
            il.Emit(OpCodes.Ldfld, Fields.HostFunc);
            il.Emit(OpCodes.Ldfld, Fields.HostDelegate);
            il.Emit(OpCodes.Castclass, delegateType);
            if (sig.TakesCaller)
            {
                il.EmitLdarg(ctxArg);
                il.Emit(OpCodes.Call, typeof(InstanceContext).GetMethod(nameof(InstanceContext.GetCaller), Any)!);
            }
            for (var i = 0; i < sig.ClrParams.Length; i++)
            {
                il.EmitLdarg((short)i);
                if (sig.ClrParams[i] == typeof(Func)) il.Emit(OpCodes.Castclass, typeof(Func));
            }
            il.Emit(OpCodes.Callvirt, sig.Invoke);
            if (sig.ResultTuple is { } tupleType)
            {
                var tuple = il.DeclareLocal(tupleType);
                il.Emit(OpCodes.Stloc, tuple);
                for (var k = 1; k < sig.ClrResults.Length; k++)
                {
                    il.EmitLdarg((short)(ctxArg + k));
                    il.Emit(OpCodes.Ldloca, tuple);
                    il.Emit(OpCodes.Ldfld, tupleType.GetField($"Item{k + 1}")!);
                    EmitStoreIndirect(il, type.Results[k]);
                }
                if (sig.ClrResults.Length > 0)
                {
                    il.Emit(OpCodes.Ldloca, tuple);
                    il.Emit(OpCodes.Ldfld, tupleType.GetField("Item1")!);
                }
            }
            il.Emit(OpCodes.Ret);
        });
    }

    private static nint CreateUntypedHostStub(FuncType type)
    {
        return DefineStub(type, null, il =>
        {
            var ctxArg = (short)type.Params.Length;
            var args = il.DeclareLocal(typeof(Value[]));
            var results = il.DeclareLocal(typeof(Value[]));
            il.Emit(OpCodes.Ldc_I4, type.Params.Length);
            il.Emit(OpCodes.Newarr, typeof(Value));
            il.Emit(OpCodes.Stloc, args);
            for (var i = 0; i < type.Params.Length; i++)
            {
                il.Emit(OpCodes.Ldloc, args);
                il.Emit(OpCodes.Ldc_I4, i);
                il.Emit(OpCodes.Ldelema, typeof(Value));
                il.EmitLdarg((short)i);
                EmitToValue(il, type.Params[i]);
                il.Emit(OpCodes.Stobj, typeof(Value));
            }
            il.EmitLdarg(ctxArg);
            il.Emit(OpCodes.Ldloc, args);
            il.Emit(OpCodes.Call, typeof(Func).GetMethod(nameof(Func.InvokeCallback), Any)!);
            il.Emit(OpCodes.Stloc, results);
            for (var k = 1; k < type.Results.Length; k++)
            {
                il.EmitLdarg((short)(ctxArg + k));
                il.Emit(OpCodes.Ldloc, results);
                il.Emit(OpCodes.Ldc_I4, k);
                il.Emit(OpCodes.Ldelema, typeof(Value));
                il.Emit(OpCodes.Call, ValueGetter(type.Results[k]));
                EmitStoreIndirect(il, type.Results[k]);
            }
            if (type.Results.Length > 0)
            {
                il.Emit(OpCodes.Ldloc, results);
                il.Emit(OpCodes.Ldc_I4_0);
                il.Emit(OpCodes.Ldelema, typeof(Value));
                il.Emit(OpCodes.Call, ValueGetter(type.Results[0]));
            }
            il.Emit(OpCodes.Ret);
        });
    }

    /// <summary>Defines a static method with the compiled calling convention of the signature in a new type; returns its code pointer.</summary>
    private static nint DefineStub(FuncType type, string? alsoAccess, Action<ILGenerator> body)
    {
        lock (Gate)
        {
            _stubModule ??= DynamicAssemblies.Create("PluginHost.Wasm.Stubs", AssemblyBuilderAccess.Run);
            var module = alsoAccess is null ? _stubModule : DynamicAssemblies.Create("PluginHost.Wasm.Stubs", AssemblyBuilderAccess.Run, alsoAccess);
            var tb = module.DefineType($"Stub{++_stubCounter}", TypeAttributes.Public | TypeAttributes.Sealed | TypeAttributes.Abstract | TypeAttributes.Class);
            var mb = tb.DefineMethod("Invoke", MethodAttributes.Public | MethodAttributes.Static, IlTypes.ReturnType(type), IlTypes.ParameterTypes(type));
            body(mb.GetILGenerator());
            var created = tb.CreateType();
            return created.GetMethod("Invoke")!.MethodHandle.GetFunctionPointer();
        }
    }

    private static MethodInfo ValueGetter(ValueType type) => typeof(Value).GetProperty(type switch
    {
        ValueType.I32 => nameof(Value.I32),
        ValueType.I64 => nameof(Value.I64),
        ValueType.F32 => nameof(Value.F32),
        ValueType.F64 => nameof(Value.F64),
        _ => nameof(Value.Ref),
    })!.GetGetMethod()!;

    /// <summary>Converts the IL value on the stack into a Value.</summary>
    private static void EmitToValue(ILGenerator il, ValueType type)
    {
        switch (type)
        {
            case ValueType.I32: il.Emit(OpCodes.Call, typeof(Value).GetMethod(nameof(Value.FromI32))!); break;
            case ValueType.I64: il.Emit(OpCodes.Call, typeof(Value).GetMethod(nameof(Value.FromI64))!); break;
            case ValueType.F32: il.Emit(OpCodes.Call, typeof(Value).GetMethod(nameof(Value.FromF32))!); break;
            case ValueType.F64: il.Emit(OpCodes.Call, typeof(Value).GetMethod(nameof(Value.FromF64))!); break;
            case ValueType.FuncRef:
                il.Emit(OpCodes.Castclass, typeof(Func));
                il.Emit(OpCodes.Call, typeof(Value).GetMethod(nameof(Value.FromFunc))!);
                break;
            default: il.Emit(OpCodes.Call, typeof(Value).GetMethod(nameof(Value.FromExtern))!); break;
        }
    }

    private static void EmitStoreIndirect(ILGenerator il, ValueType type) => il.Emit(type switch
    {
        ValueType.I32 => OpCodes.Stind_I4,
        ValueType.I64 => OpCodes.Stind_I8,
        ValueType.F32 => OpCodes.Stind_R4,
        ValueType.F64 => OpCodes.Stind_R8,
        _ => OpCodes.Stind_Ref,
    });
}
