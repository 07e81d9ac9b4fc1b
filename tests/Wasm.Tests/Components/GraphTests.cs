using PluginHost.Wasm.Components;

namespace PluginHost.Wasm.Tests.Components;

/// <summary>The hand-written component text fixture (fixtures/components/text/graph.wat).</summary>
public class GraphTests
{
    private readonly List<uint> _notified = new();
    private readonly ComponentInstance _instance;

    public GraphTests()
    {
        var linker = new ComponentLinker(Fixtures.Engine);
        linker.DefineFunction("notify", a =>
        {
            _notified.Add(a[0].AsU32);
            return null;
        });
        _instance = linker.Instantiate(new Store(Fixtures.Engine), Fixtures.Load("text/graph.wasm"));
    }

    [Fact]
    public void Nested_component_reexports_a_lifted_function()
    {
        Assert.Equal(5u, _instance.GetFunction("test:graph/api@1.0.0", "plus")!.Call(ComponentValue.U32(2), ComponentValue.U32(3))!.AsU32);
        Assert.Equal(["plus"], _instance.GetInterfaceFunctions("test:graph/api@1.2.0"));
    }

    [Fact]
    public void Resource_created_by_the_component_is_owned_by_the_host_and_its_destructor_runs_on_drop()
    {
        var own = _instance.GetFunction("make")!.Call(ComponentValue.U32(5))!;
        Assert.Equal(5u, own.HandleRep);
        Assert.Equal(0, _instance.HandleCount);
        Assert.Empty(_notified);
        _instance.DropResource(own);
        Assert.Equal([1005u], _notified);
    }

    [Fact]
    public void Resource_dropped_inside_the_component_runs_the_destructor_through_a_fixup_filled_table()
    {
        _instance.GetFunction("make-and-drop")!.Call(ComponentValue.U32(7));
        Assert.Equal([1007u], _notified);
        Assert.Equal(0, _instance.HandleCount);
    }
}
