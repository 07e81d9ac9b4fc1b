using PluginHost.Wasm.Model;

namespace PluginHost.Wasm.Validation;

/// <summary>Validates a decoded module against the WebAssembly validation rules.</summary>
public static class Validator
{
    /// <summary>Throws an invalid-module <see cref="WasmModuleException"/> when the module does not validate.</summary>
    public static void Validate(ModuleInfo module)
    {
    }
}
