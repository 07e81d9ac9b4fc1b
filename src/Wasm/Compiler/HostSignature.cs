using System.Collections.Concurrent;
using System.Reflection;
using PluginHost.Wasm.Model;
using ValueType = PluginHost.Wasm.Model.ValueType;

namespace PluginHost.Wasm.Compiler;

/// <summary>The wasm signature of a typed host delegate: CLR parameter/result types mapped to wasm types.</summary>
internal sealed class HostSignature
{
    private static readonly ConcurrentDictionary<Type, HostSignature> Cache = new();

    private HostSignature(Type delegateType)
    {
        if (!typeof(Delegate).IsAssignableFrom(delegateType)) throw new ArgumentException($"{delegateType} is not a delegate type");
        Invoke = delegateType.GetMethod("Invoke")!;
        var ps = Invoke.GetParameters();
        var start = 0;
        if (ps.Length > 0 && ps[0].ParameterType == typeof(Caller))
        {
            TakesCaller = true;
            start = 1;
        }
        ClrParams = ps.Skip(start).Select(p => p.ParameterType).ToArray();
        var ret = Invoke.ReturnType;
        if (ret == typeof(void)) ClrResults = [];
        else if (ret.IsGenericType && ret.FullName!.StartsWith("System.ValueTuple`", StringComparison.Ordinal))
        {
            ClrResults = ret.GetGenericArguments();
            if (ClrResults.Length > 7) throw new ArgumentException("host functions return at most 7 values");
            ResultTuple = ret;
        }
        else ClrResults = [ret];
        Type = new FuncType(ClrParams.Select(p => Map(p, delegateType)).ToArray(), ClrResults.Select(r => Map(r, delegateType)).ToArray());
    }

    internal MethodInfo Invoke { get; }
    internal bool TakesCaller { get; }
    internal Type[] ClrParams { get; }
    internal Type[] ClrResults { get; }
    internal Type? ResultTuple { get; }
    internal FuncType Type { get; }

    internal static HostSignature Of(Type delegateType) => Cache.GetOrAdd(delegateType, t => new HostSignature(t));

    private static ValueType Map(Type t, Type delegateType)
    {
        if (t == typeof(int) || t == typeof(uint)) return ValueType.I32;
        if (t == typeof(long) || t == typeof(ulong)) return ValueType.I64;
        if (t == typeof(float)) return ValueType.F32;
        if (t == typeof(double)) return ValueType.F64;
        if (t == typeof(Func)) return ValueType.FuncRef;
        if (t == typeof(object)) return ValueType.ExternRef;
        throw new ArgumentException($"host function {delegateType}: type {t} has no wasm equivalent (use int, uint, long, ulong, float, double, Func or object)");
    }
}
