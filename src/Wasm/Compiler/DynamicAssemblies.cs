using System.Reflection;
using System.Reflection.Emit;

namespace PluginHost.Wasm.Compiler;

/// <summary>Creates dynamic assemblies whose code may use this assembly's internal members.</summary>
internal static class DynamicAssemblies
{
    private static int _counter;

    /// <summary>A new dynamic module; its assembly carries IgnoresAccessChecksTo("PluginHost.Wasm") and for each extra assembly name.</summary>
    internal static ModuleBuilder Create(string prefix, AssemblyBuilderAccess access, params string[] alsoAccess)
    {
        var name = new AssemblyName($"{prefix}{Interlocked.Increment(ref _counter)}");
        var assembly = AssemblyBuilder.DefineDynamicAssembly(name, access);
        var module = assembly.DefineDynamicModule(name.Name!);
        // The runtime recognises this attribute by name; define it in the dynamic assembly itself.
        var attr = module.DefineType("System.Runtime.CompilerServices.IgnoresAccessChecksToAttribute",
            TypeAttributes.Public | TypeAttributes.Sealed | TypeAttributes.Class, typeof(Attribute));
        var field = attr.DefineField("_name", typeof(string), FieldAttributes.Private | FieldAttributes.InitOnly);
        var ctor = attr.DefineConstructor(MethodAttributes.Public, CallingConventions.Standard, [typeof(string)]);
        var il = ctor.GetILGenerator();
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Call, typeof(Attribute).GetConstructor(BindingFlags.Instance | BindingFlags.NonPublic, Type.EmptyTypes)!);
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Ldarg_1);
        il.Emit(OpCodes.Stfld, field);
        il.Emit(OpCodes.Ret);
        var created = attr.CreateType();
        foreach (var target in alsoAccess.Prepend(typeof(DynamicAssemblies).Assembly.GetName().Name!).Distinct())
            assembly.SetCustomAttribute(new CustomAttributeBuilder(created.GetConstructor([typeof(string)])!, [target]));
        return module;
    }
}
