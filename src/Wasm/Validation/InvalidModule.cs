namespace PluginHost.Wasm.Validation;

/// <summary>Creates invalid-module errors.</summary>
internal static class InvalidModule
{
    /// <summary>An invalid-module error with its location.</summary>
    public static WasmModuleException Error(string reason, long offset, string? section, int? functionIndex = null) =>
        new(ModuleErrorKind.Invalid, reason, offset, section, functionIndex);
}
