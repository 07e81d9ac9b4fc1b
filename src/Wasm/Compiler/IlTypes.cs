using PluginHost.Wasm.Model;
using ValueType = PluginHost.Wasm.Model.ValueType;

namespace PluginHost.Wasm.Compiler;

/// <summary>How wasm types appear in compiled signatures.</summary>
internal static class IlTypes
{
    /// <summary>The CLR type of a wasm value type (references are object).</summary>
    internal static Type Of(ValueType type) => type switch
    {
        ValueType.I32 => typeof(int),
        ValueType.I64 => typeof(long),
        ValueType.F32 => typeof(float),
        ValueType.F64 => typeof(double),
        ValueType.FuncRef or ValueType.ExternRef => typeof(object),
        _ => throw new NotSupportedException($"value type {type.Name()} is not supported"),
    };

    /// <summary>Return type of a compiled function: its first result, or void.</summary>
    internal static Type ReturnType(FuncType type) => type.Results.Length == 0 ? typeof(void) : Of(type.Results[0]);

    /// <summary>Parameter types of a compiled function: wasm params, the context, then byrefs for results 1..n-1.</summary>
    internal static Type[] ParameterTypes(FuncType type)
    {
        var list = new Type[type.Params.Length + type.Results.Length + (type.Results.Length == 0 ? 1 : 0)];
        var i = 0;
        foreach (var p in type.Params) list[i++] = Of(p);
        list[i++] = typeof(InstanceContext);
        for (var r = 1; r < type.Results.Length; r++) list[i++] = Of(type.Results[r]).MakeByRefType();
        return list;
    }
}
