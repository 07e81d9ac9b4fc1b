using PluginHost.Tests.Common;

namespace PluginHost.Wasm.Tests.Engine;

/// <summary>Loads the committed modules of tests/fixtures/wat (rebuilt by its build.sh).</summary>
internal static class Wat
{
    public static readonly PluginHost.Wasm.Engine Engine = new();

    public static Module Load(string name, PluginHost.Wasm.Engine? engine = null) =>
        Module.FromFile(engine ?? Engine, TestRepo.Fixture("wat", name + ".wasm"));

    /// <summary>Instantiates a fixture without imports in a fresh store.</summary>
    public static Instance Instantiate(string name) => new Linker(Engine).Instantiate(new Store(Engine), Load(name));

    public static Value I32(int v) => Value.FromI32(v);
    public static Value I64(long v) => Value.FromI64(v);
    public static Value F32(float v) => Value.FromF32(v);
    public static Value F64(double v) => Value.FromF64(v);

    public static Value Call1(this Instance instance, string name, params Value[] args) =>
        instance.GetFunction(name)!.Invoke(args).Single();

    public static WasmTrapException Traps(this Instance instance, string name, params Value[] args) =>
        Assert.Throws<WasmTrapException>(() => instance.GetFunction(name)!.Invoke(args));
}
