using static PluginHost.Wasm.Tests.Engine.Wat;

namespace PluginHost.Wasm.Tests.Engine;

public sealed class TableTests
{
    private readonly Instance _m = Instantiate("tables");

    [Fact]
    public void CallIndirectChecksBoundsNullAndSignature()
    {
        Assert.Equal(14, _m.Call1("call", I32(0), I32(7)).I32);
        Assert.Equal(49, _m.Call1("call", I32(1), I32(7)).I32);
        var nul = _m.Traps("call", I32(2), I32(7));
        Assert.Equal(TrapKind.IndirectCallToNull, nul.Kind);
        Assert.Equal("uninitialized element", nul.Message);
        var oob = _m.Traps("call", I32(4), I32(7));
        Assert.Equal(TrapKind.TableOutOfBounds, oob.Kind);
        Assert.Equal("undefined element", oob.Message);
        _m.GetFunction("set_nothing")!.Invoke(I32(3));
        Assert.Equal(TrapKind.BadSignature, _m.Traps("call", I32(3), I32(7)).Kind);
    }

    [Fact]
    public void GrowSizeAndGet()
    {
        Assert.Equal(4, _m.Call1("size").I32);
        Assert.Equal(4, _m.Call1("grow", I32(3)).I32);
        Assert.Equal(7, _m.Call1("size").I32);
        Assert.Equal(1, _m.Call1("is_null", I32(6)).I32);
        Assert.Equal(0, _m.Call1("is_null", I32(0)).I32);
        Assert.Equal(TrapKind.TableOutOfBounds, _m.Traps("is_null", I32(7)).Kind);
        Assert.Equal(1, _m.Call1("same_ref").I32);
    }

    [Fact]
    public void SameFunctionIsSameFuncObject()
    {
        var table = _m.GetTable("table")!;
        var first = table.Get(0).Ref;
        Assert.NotNull(first);
        Assert.Same(first, table.Get(0).Ref);
        var f = (Func)first!;
        Assert.Equal(10, f.Invoke(I32(5)).Single().I32);
    }

    [Fact]
    public void HostTableApi()
    {
        var store = new Store(Wat.Engine);
        var t = Table.Create(store, new Model.TableType(Model.ValueType.ExternRef, new Model.Limits(2, 3)), Value.FromExtern("x"));
        Assert.Equal("x", t.Get(1).Ref);
        Assert.Equal(2, t.Grow(1, Value.FromExtern(null)));
        Assert.Equal(-1, t.Grow(1, Value.FromExtern(null)));
        Assert.Throws<WasmTrapException>(() => t.Get(3));
    }
}
