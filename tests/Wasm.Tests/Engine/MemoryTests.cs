using static PluginHost.Wasm.Tests.Engine.Wat;

namespace PluginHost.Wasm.Tests.Engine;

public sealed class MemoryTests
{
    private readonly Instance _m = Instantiate("memory");

    [Fact]
    public void BoundsCheckAtTheEdge()
    {
        Assert.Equal(0, _m.Call1("load8", I32(65535)).I32);
        Assert.Equal(TrapKind.MemoryOutOfBounds, _m.Traps("load8", I32(65536)).Kind);
        Assert.Equal(0, _m.Call1("load32", I32(65532)).I32);
        Assert.Equal(TrapKind.MemoryOutOfBounds, _m.Traps("load32", I32(65533)).Kind);
        Assert.Equal(TrapKind.MemoryOutOfBounds, _m.Traps("load32", I32(-1)).Kind);
        Assert.Equal(TrapKind.MemoryOutOfBounds, _m.Traps("load64_off", I32(65528)).Kind);
        Assert.Equal(0L, _m.Call1("load64_off", I32(65520)).I64);
        Assert.Equal("out of bounds memory access", _m.Traps("store32", I32(65533), I32(1)).Message);
    }

    [Fact]
    public void DataSegmentAndLittleEndianStores()
    {
        Assert.Equal((int)'h', _m.Call1("load8", I32(16)).I32);
        _m.GetFunction("store32")!.Invoke(I32(101), I32(0x04030201));
        Assert.Equal(0x0201, _m.Call1("load32", I32(101)).I32 & 0xFFFF);
        Assert.Equal(new byte[] { 1, 2, 3, 4 }, _m.GetMemory("memory")!.GetSpan(101, 4).ToArray());
    }

    [Fact]
    public void GrowHonoursMaximumAndNewPagesAreZeroAndReachable()
    {
        Assert.Equal(1, _m.Call1("size").I32);
        Assert.Equal(1, _m.Call1("grow", I32(2)).I32);
        Assert.Equal(3, _m.Call1("size").I32);
        Assert.Equal(-1, _m.Call1("grow", I32(2)).I32);
        Assert.Equal(0, _m.Call1("load8", I32(3 * 65536 - 1)).I32);
        // The function grows memory itself and then reads the new page (cached base/length reloaded).
        Assert.Equal(0, _m.Call1("grow_then_load", I32(4 * 65536 - 1)).I32);
        Assert.Equal(4u, _m.GetMemory("memory")!.Pages);
    }

    [Fact]
    public void StoreLimiterCapsGrowth()
    {
        var store = new Store(Wat.Engine) { Limits = new StoreLimits { MaxMemoryBytes = 2 * 65536 } };
        var m = new Linker(Wat.Engine).Instantiate(store, Load("memory"));
        Assert.Equal(1, m.Call1("grow", I32(1)).I32);
        Assert.Equal(-1, m.Call1("grow", I32(1)).I32);
    }

    [Fact]
    public void BulkFillAndOverlappingCopy()
    {
        _m.GetFunction("fill")!.Invoke(I32(1000), I32(0xAB), I32(4));
        Assert.Equal(unchecked((int)0xABABABAB), _m.Call1("load32", I32(1000)).I32);
        _m.GetFunction("copy")!.Invoke(I32(18), I32(16), I32(5)); // "hello" shifted right by 2 over itself
        Assert.Equal("hehello", System.Text.Encoding.ASCII.GetString(_m.GetMemory("memory")!.GetSpan(16, 7)));
        Assert.Equal(TrapKind.MemoryOutOfBounds, _m.Traps("fill", I32(65535), I32(0), I32(2)).Kind);
        Assert.Equal(TrapKind.MemoryOutOfBounds, _m.Traps("copy", I32(0), I32(65535), I32(2)).Kind);
    }
}
