using static PluginHost.Wasm.Tests.Engine.Wat;

namespace PluginHost.Wasm.Tests.Engine;

public sealed class ExecutionTests
{
    [Fact]
    public void InfiniteRecursionTrapsAndTheStoreStaysUsable()
    {
        var store = new Store(Wat.Engine);
        var m = new Linker(Wat.Engine).Instantiate(store, Load("recursion"));
        var trap = m.Traps("forever", I32(0));
        Assert.Equal(TrapKind.StackExhausted, trap.Kind);
        Assert.StartsWith("forever", trap.WasmBacktrace);
        Assert.Equal(1000, m.Call1("depth", I32(1000)).I32);
        Assert.Equal(TrapKind.StackExhausted, m.Traps("forever", I32(0)).Kind);
        Assert.Equal(15000, m.Call1("depth", I32(15000)).I32);
    }

    [Fact]
    public void CallDepthLimitComesFromTheConfig()
    {
        var engine = new PluginHost.Wasm.Engine(new EngineConfig { MaxCallDepth = 100 });
        var m = new Linker(engine).Instantiate(new Store(engine), Load("recursion", engine));
        Assert.Equal(90, m.Call1("depth", I32(90)).I32);
        Assert.Equal(TrapKind.StackExhausted, m.Traps("depth", I32(150)).Kind);
    }

    [Fact]
    public void InterruptStopsALoopingGuest()
    {
        var store = new Store(Wat.Engine);
        var m = new Linker(Wat.Engine).Instantiate(store, Load("recursion"));
        store.SetDeadline(TimeSpan.FromMilliseconds(50));
        Assert.Equal(TrapKind.Interrupted, m.Traps("spin").Kind);
        Assert.Equal(3, m.Call1("depth", I32(3)).I32);
    }

    [Fact]
    public void FuelRunsOut()
    {
        var engine = new PluginHost.Wasm.Engine(new EngineConfig { ConsumeFuel = true });
        var store = new Store(engine) { Fuel = 1000 };
        var m = new Linker(engine).Instantiate(store, Load("recursion", engine));
        Assert.Equal(TrapKind.OutOfFuel, m.Traps("spin").Kind);
        store.Fuel = 1000;
        Assert.Equal(10, m.Call1("depth", I32(10)).I32);
        Assert.True(store.Fuel < 1000);
    }

    [Fact]
    public void OneModuleRunsInManyStoresOnManyThreadsAtOnce()
    {
        var module = Load("arith");
        var results = new int[8];
        Parallel.For(0, results.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            var m = new Linker(Wat.Engine).Instantiate(new Store(Wat.Engine), module);
            var sum = 0;
            for (var k = 0; k < 20; k++) sum += m.Call1("fib", I32(15)).I32;
            results[i] = sum;
        });
        Assert.All(results, r => Assert.Equal(20 * 610, r));
    }
}

public sealed class WideFunctionTests
{
    [Fact]
    public void ManyParametersAndLocalsUseWideIndices()
    {
        var m = Wat.Instantiate("wide");
        // param 299 += param 256, then param 0 + param 299 = 0 + 299 + 256
        Assert.Equal(555, m.Call1("call_wide").I32);
        Assert.Equal(47, m.Call1("many_locals", Wat.I32(42)).I32);
    }
}

public sealed class CallerThreadTests
{
    [Fact]
    public void RunningOnTheCallerThreadStillTrapsOnRunawayRecursion()
    {
        var engine = new PluginHost.Wasm.Engine(new EngineConfig { RunOnCallerThread = true, MaxCallDepth = 1_000_000 });
        var m = new Linker(engine).Instantiate(new Store(engine), Wat.Load("recursion", engine));
        // A 1 MiB thread: the native-stack check, not the depth limit, has to stop the recursion.
        WasmTrapException? trap = null;
        var thread = new Thread(() => trap = Assert.Throws<WasmTrapException>(() => m.GetFunction("forever")!.Invoke(Wat.I32(0))), 1024 * 1024);
        thread.Start();
        thread.Join();
        Assert.Equal(TrapKind.StackExhausted, trap!.Kind);
        Assert.Equal(100, m.Call1("depth", Wat.I32(100)).I32);
    }
}
