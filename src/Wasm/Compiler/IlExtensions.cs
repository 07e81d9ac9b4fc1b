using System.Reflection.Emit;

namespace PluginHost.Wasm.Compiler;

/// <summary>Argument access with the right operand width (ldarg.s/starg.s take one byte, ldarg/starg two).</summary>
internal static class IlExtensions
{
    internal static void EmitLdarg(this ILGenerator il, int index)
    {
        switch (index)
        {
            case 0: il.Emit(OpCodes.Ldarg_0); break;
            case 1: il.Emit(OpCodes.Ldarg_1); break;
            case 2: il.Emit(OpCodes.Ldarg_2); break;
            case 3: il.Emit(OpCodes.Ldarg_3); break;
            case <= 255: il.Emit(OpCodes.Ldarg_S, (byte)index); break;
            default: il.Emit(OpCodes.Ldarg, (short)index); break;
        }
    }

    internal static void EmitStarg(this ILGenerator il, int index)
    {
        if (index <= 255) il.Emit(OpCodes.Starg_S, (byte)index);
        else il.Emit(OpCodes.Starg, (short)index);
    }
}
