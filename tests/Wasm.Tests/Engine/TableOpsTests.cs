using static PluginHost.Wasm.Tests.Engine.Wat;

namespace PluginHost.Wasm.Tests.Engine;

public sealed class TableOpsTests
{
    private readonly Instance _m = Instantiate("tableops");

    [Fact]
    public void ExternrefTableFillGetSetGrow()
    {
        var marker = new object();
        _m.GetFunction("fill")!.Invoke(I32(1), Value.FromExtern(marker), I32(2));
        Assert.Null(_m.Call1("get", I32(0)).Ref);
        Assert.Same(marker, _m.Call1("get", I32(2)).Ref);
        Assert.Equal(TrapKind.TableOutOfBounds, _m.Traps("fill", I32(2), Value.FromExtern(marker), I32(2)).Kind);
        _m.GetFunction("set")!.Invoke(I32(0), Value.FromExtern("s"));
        Assert.Equal("s", _m.Call1("get", I32(0)).Ref);
        Assert.Equal(3, _m.Call1("grow", Value.FromExtern("g"), I32(7)).I32);
        Assert.Equal(-1, _m.Call1("grow", Value.FromExtern("g"), I32(1)).I32);
        Assert.Equal(10, _m.Call1("size").I32);
        Assert.Equal("g", _m.Call1("get", I32(9)).Ref);
        Assert.Equal(TrapKind.TableOutOfBounds, _m.Traps("get", I32(10)).Kind);
    }

    [Fact]
    public void SecondTableIsAddressedByIndex()
    {
        Assert.Equal(TrapKind.IndirectCallToNull, _m.Traps("call", I32(1)).Kind);
        _m.GetFunction("set_func")!.Invoke(I32(1));
        Assert.Equal(1, _m.Call1("call", I32(1)).I32);
    }
}
