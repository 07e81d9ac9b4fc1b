using PluginHost.Wasm.Model;

namespace PluginHost.Wasm;

/// <summary>Import matching rules: exact function and global types, limits subtyping for tables and memories.</summary>
internal static class ImportCheck
{
    internal static void Check(ModuleInfo info, Import import, Extern item)
    {
        string? problem = (import.Kind, item) switch
        {
            (ExternKind.Func, Func f) => f.Type.Equals(info.Types[(int)import.FuncTypeIndex]) ? null
                : $"expected func of type {info.Types[(int)import.FuncTypeIndex]}, found {f.Type}",
            (ExternKind.Global, Global g) => g.Type == import.Global ? null
                : $"expected global {Describe(import.Global!)}, found {Describe(g.Type)}",
            (ExternKind.Table, Table t) => t.ElementType == import.Table!.ElementType && LimitsMatch(t.Type.Limits, import.Table.Limits) ? null
                : $"expected table {import.Table.ElementType.Name()} {Describe(import.Table.Limits)}, found {t.ElementType.Name()} {Describe(t.Type.Limits)}",
            (ExternKind.Memory, Memory m) => LimitsMatch(m.Type.Limits, import.Memory!.Limits) ? null
                : $"expected memory {Describe(import.Memory.Limits)}, found {Describe(m.Type.Limits)}",
            _ => $"expected {import.Kind.ToString().ToLowerInvariant()}, found {item.Kind.ToString().ToLowerInvariant()}",
        };
        if (problem is not null)
            throw new WasmLinkException($"incompatible import type for `{import.Module}`.`{import.Name}`: {problem}");
    }

    private static bool LimitsMatch(Limits actual, Limits expected) =>
        actual.Min >= expected.Min && (expected.Max is not { } max || (actual.Max is { } am && am <= max));

    private static string Describe(Limits l) => l.Max is { } max ? $"{{min {l.Min}, max {max}}}" : $"{{min {l.Min}}}";

    private static string Describe(GlobalType g) => g.Mutable ? $"(mut {g.ValueType.Name()})" : g.ValueType.Name();
}
