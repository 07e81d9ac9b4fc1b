using PluginHost.Plugins.Hosting;
using Wasmtime;

namespace PluginHost.Plugins.Tests.TestSupport;

/// <summary>Core modules compiled once per test process on the shared engine.</summary>
internal static class TestModules
{
    private static readonly CompiledPluginCache Cache = new(WasmEngine.Shared, null);

    /// <summary>The engine the modules are compiled with.</summary>
    public static WasmEngine Engine => WasmEngine.Shared;

    /// <summary>The compiled module of a .wasm file.</summary>
    public static Module FromFile(string path) => Cache.GetModule(File.ReadAllBytes(path), Path.GetFileName(path));

    /// <summary>The compiled module of wasm bytes.</summary>
    public static Module FromBytes(byte[] wasm, string name = "test") => Cache.GetModule(wasm, name);

    /// <summary>The compiled module of WAT text.</summary>
    public static Module FromText(string wat, string name = "test") => Cache.GetModule(Module.ConvertText(wat).ToArray(), name);
}
