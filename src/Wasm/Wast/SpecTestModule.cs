using System.Globalization;
using PluginHost.Wasm.Model;
using ValueType = PluginHost.Wasm.Model.ValueType;

namespace PluginHost.Wasm.Wast;

/// <summary>The `spectest` host module the spec suite imports: print functions, globals, a table and a memory.</summary>
internal static class SpecTestModule
{
    /// <summary>The module name.</summary>
    public const string Name = "spectest";

    /// <summary>Defines every spectest export in the linker, with store-bound globals, table and memory.</summary>
    public static void Define(Linker linker, Store store, TextWriter output)
    {
        DefinePrint(linker, output, "print");
        DefinePrint(linker, output, "print_i32", ValueType.I32);
        DefinePrint(linker, output, "print_i64", ValueType.I64);
        DefinePrint(linker, output, "print_f32", ValueType.F32);
        DefinePrint(linker, output, "print_f64", ValueType.F64);
        DefinePrint(linker, output, "print_i32_f32", ValueType.I32, ValueType.F32);
        DefinePrint(linker, output, "print_f64_f64", ValueType.F64, ValueType.F64);

        linker.Define(Name, "global_i32", Global.Create(store, new GlobalType(ValueType.I32, false), Value.FromI32(666)));
        linker.Define(Name, "global_i64", Global.Create(store, new GlobalType(ValueType.I64, false), Value.FromI64(666)));
        linker.Define(Name, "global_f32", Global.Create(store, new GlobalType(ValueType.F32, false), Value.FromF32(666.6f)));
        linker.Define(Name, "global_f64", Global.Create(store, new GlobalType(ValueType.F64, false), Value.FromF64(666.6)));
        linker.Define(Name, "table", Table.Create(store, new TableType(ValueType.FuncRef, new Limits(10, 20)), Value.Null(ValueType.FuncRef)));
        linker.Define(Name, "memory", Memory.Create(store, new MemoryType(new Limits(1, 2))));
    }

    private static void DefinePrint(Linker linker, TextWriter output, string name, params ValueType[] parameters) =>
        linker.DefineFunction(Name, name, new FuncType(parameters, []), (_, args, _) =>
        {
            var parts = new List<string>();
            foreach (var arg in args) parts.Add($"{FormatNumber(arg)} : {arg.Type.Name()}");
            output.WriteLine(string.Join(" ", parts));
        });

    private static string FormatNumber(Value v) => v.Type switch
    {
        ValueType.I32 => v.I32.ToString(CultureInfo.InvariantCulture),
        ValueType.I64 => v.I64.ToString(CultureInfo.InvariantCulture),
        ValueType.F32 => v.F32.ToString("R", CultureInfo.InvariantCulture),
        ValueType.F64 => v.F64.ToString("R", CultureInfo.InvariantCulture),
        _ => v.ToString(),
    };
}
