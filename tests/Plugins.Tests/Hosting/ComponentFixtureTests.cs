using PluginHost.Plugins.Hosting;
using PluginHost.Tests.Common;
using Wasmtime;
using Wasmtime.Components;

namespace PluginHost.Plugins.Tests.Hosting;

/// <summary>The hand-written component text fixture validates under Wasmtime (it once exported a function whose type named a non-exported resource).</summary>
public sealed class ComponentFixtureTests
{
    private static readonly WasmEngine Engine = new(new WasmEngineSettings(Runners: 1));

    [Fact]
    public void Graph_fixture_compiles_on_wasmtime()
    {
        var bytes = File.ReadAllBytes(TestRepo.Fixture("components", "text", "graph.wasm"));
        using var component = Component.FromBytes(Engine.Engine, bytes);
        Assert.NotNull(component);
    }

    [Fact]
    public void A_function_export_naming_a_local_resource_is_rejected()
    {
        var wat = """
            (component
              (type $r (resource (rep i32)))
              (core module $m (func (export "f") (result i32) (i32.const 0)))
              (core instance $i (instantiate $m))
              (func $f (result (own $r)) (canon lift (core func $i "f")))
              (export "r" (type $r))
              (export "f" (func $f)))
            """;
        var bytes = Module.ConvertText(wat).ToArray();
        var error = Assert.ThrowsAny<WasmtimeException>(() => Component.FromBytes(Engine.Engine, bytes));
        Assert.Contains("not valid to be used as export", error.Message);
    }
}
