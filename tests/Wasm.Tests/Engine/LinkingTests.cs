using PluginHost.Wasm.Model;
using static PluginHost.Wasm.Tests.Engine.Wat;
using ValueType = PluginHost.Wasm.Model.ValueType;

namespace PluginHost.Wasm.Tests.Engine;

public sealed class LinkingTests
{
    private static (Linker Linker, Store Store, List<int> Log, Global G, Memory Mem) Host()
    {
        var store = new Store(Wat.Engine);
        var log = new List<int>();
        var g = Global.Create(store, new GlobalType(ValueType.I32, true), I32(10));
        var mem = Memory.Create(store, new MemoryType(new Limits(1, null)));
        var linker = new Linker(Wat.Engine)
            .DefineFunction("host", "add", (int a, int b) => a + b)
            .DefineFunction("host", "log", (Caller caller, int x) => log.Add(x))
            .DefineFunction("host", "pair", new FuncType([ValueType.I32], [ValueType.I32, ValueType.I64]),
                (caller, args, results) =>
                {
                    results[0] = I32(args[0].I32 * 2);
                    results[1] = I64(args[0].I32 * 3L);
                })
            .Define("host", "g", g)
            .Define("host", "memory", mem);
        return (linker, store, log, g, mem);
    }

    [Fact]
    public void HostFunctionsGlobalsAndMemoriesAreImported()
    {
        var (linker, store, log, g, mem) = Host();
        var m = linker.Instantiate(store, Load("imports"));
        Assert.Equal(5, m.Call1("call_add", I32(2), I32(3)).I32);
        m.GetFunction("call_log")!.Invoke(I32(42));
        Assert.Equal([42], log);
        Assert.Equal(8L, m.Call1("call_pair", I32(4)).I64);
        Assert.Equal(12L, m.Call1("pair_second", I32(4)).I64);
        // The global is shared by reference both ways.
        Assert.Equal(11, m.Call1("bump").I32);
        Assert.Equal(11, g.Value.I32);
        g.Value = I32(100);
        Assert.Equal(101, m.Call1("bump").I32);
        mem.GetSpan(7, 1)[0] = 99;
        Assert.Equal(99, m.Call1("peek", I32(7)).I32);
    }

    [Fact]
    public void HostExceptionsPropagateUnchanged()
    {
        var (linker, store, _, _, _) = Host();
        linker.AllowShadowing = true;
        linker.DefineFunction("host", "log", new Action<int>(x => throw new InvalidTimeZoneException("custom " + x)));
        var m = linker.Instantiate(store, Load("imports"));
        var e = Assert.Throws<InvalidTimeZoneException>(() => m.GetFunction("call_log")!.Invoke(I32(1)));
        Assert.Equal("custom 1", e.Message);
        // The store still works afterwards.
        Assert.Equal(3, m.Call1("call_add", I32(1), I32(2)).I32);
    }

    [Fact]
    public void MissingImportIsALinkError()
    {
        var linker = new Linker(Wat.Engine).DefineFunction("host", "add", (int a, int b) => a + b);
        var e = Assert.Throws<WasmLinkException>(() => linker.Instantiate(new Store(Wat.Engine), Load("imports")));
        Assert.StartsWith("unknown import: `host`.`log`", e.Message);
    }

    [Fact]
    public void MistypedImportsAreLinkErrors()
    {
        var (linker, store, _, _, _) = Host();
        linker.AllowShadowing = true;
        linker.DefineFunction("host", "add", (long a, int b) => (int)a + b);
        var e = Assert.Throws<WasmLinkException>(() => linker.Instantiate(store, Load("imports")));
        Assert.Contains("incompatible import type", e.Message);

        (linker, store, _, _, _) = Host();
        linker.AllowShadowing = true;
        linker.Define("host", "g", Global.Create(store, new GlobalType(ValueType.I32, false), I32(1)));
        Assert.Contains("incompatible import type", Assert.Throws<WasmLinkException>(() => linker.Instantiate(store, Load("imports"))).Message);

        (linker, store, _, _, _) = Host();
        linker.AllowShadowing = true;
        linker.Define("host", "memory", Memory.Create(store, new MemoryType(new Limits(0, null))));
        Assert.Contains("incompatible import type", Assert.Throws<WasmLinkException>(() => linker.Instantiate(store, Load("imports"))).Message);
    }

    [Fact]
    public void StartFunctionRunsAtInstantiation()
    {
        var seen = new List<int>();
        var linker = new Linker(Wat.Engine).DefineFunction("host", "started", (int v) => seen.Add(v));
        var m = linker.Instantiate(new Store(Wat.Engine), Load("start"));
        Assert.Equal([42], seen);
        Assert.Equal(42, m.Call1("counter").I32);
    }

    [Fact]
    public void ExportedTableIsSharedWithAnotherInstance()
    {
        var store = new Store(Wat.Engine);
        var a = new Linker(Wat.Engine).Instantiate(store, Load("tables"));
        var table = a.GetTable("table")!;
        Assert.Equal(table.Get(1).Ref, table.Get(1).Ref);
        Assert.Equal(49, ((Func)table.Get(1).Ref!).Invoke(I32(7)).Single().I32);
    }
}

public sealed class HostDelegateTests
{
    private delegate int PrivateAdder(Caller caller, int a, int b);

    [Fact]
    public void NonPublicDelegateTypesAndCallerWork()
    {
        Instance? seen = null;
        var store = new Store(Wat.Engine);
        var mem = Memory.Create(store, new MemoryType(new Limits(1, null)));
        var linker = new Linker(Wat.Engine)
            .DefineFunction("host", "add", new PrivateAdder((caller, a, b) => { seen = caller.Instance; return a * b; }))
            .DefineFunction("host", "log", (int _) => { })
            .DefineFunction("host", "pair", (int x) => (x, (long)x))
            .Define("host", "g", Global.Create(store, new GlobalType(ValueType.I32, true), I32(0)))
            .Define("host", "memory", mem);
        var m = linker.Instantiate(store, Load("imports"));
        Assert.Equal(12, m.Call1("call_add", I32(3), I32(4)).I32);
        Assert.Same(m, seen);
        Assert.Equal(9L, m.Call1("pair_second", I32(9)).I64);
        Assert.Equal(9L, m.Call1("call_pair", I32(9)).I64);
    }

    [Fact]
    public void WrappedFunctionsCanBeInvokedDirectly()
    {
        var store = new Store(Wat.Engine);
        var f = Func.Wrap(store, (long a, double b) => (float)(a + b));
        Assert.Equal("(i64, f64) -> (f32)", f.Type.ToString());
        Assert.Equal(3.5f, f.Invoke(I64(1), F64(2.5)).Single().F32);
        Assert.Throws<ArgumentException>(() => f.Invoke(I32(1), F64(2.5)));
    }
}
