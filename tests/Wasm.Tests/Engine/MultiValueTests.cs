using static PluginHost.Wasm.Tests.Engine.Wat;

namespace PluginHost.Wasm.Tests.Engine;

public sealed class MultiValueTests
{
    private readonly Instance _m = Instantiate("multivalue");

    [Fact]
    public void FunctionsReturnSeveralValues()
    {
        var r = _m.GetFunction("swap")!.Invoke(I32(1), I64(2));
        Assert.Equal([I64(2), I32(1)], r);
        var three = _m.GetFunction("three")!.Invoke();
        Assert.Equal([I32(1), F64(2.5), I64(3)], three);
        Assert.Equal(47L, _m.Call1("use_swap").I64);
    }

    [Fact]
    public void BlocksLoopsAndIfsWithSeveralValues()
    {
        Assert.Equal(6, _m.Call1("block_multi", I32(1)).I32);
        Assert.Equal(6, _m.Call1("block_multi", I32(0)).I32);
        Assert.Equal(10, _m.Call1("loop_params", I32(4)).I32);
        Assert.Equal([I32(1), I32(2)], _m.GetFunction("if_multi")!.Invoke(I32(1)));
        Assert.Equal([I32(3), I32(4)], _m.GetFunction("if_multi")!.Invoke(I32(0)));
    }
}
