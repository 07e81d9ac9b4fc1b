using PluginHost.Plugins.Hosting;

namespace PluginHost.Plugins.Tests.Hosting;

public sealed class WasmThreadsTests
{
    private static WasmEngine Engine => WasmEngine.Shared;

    [Fact]
    public void ReusesOneThreadForCallsInSequence()
    {
        var first = Engine.RunOnWasmThread(() => Environment.CurrentManagedThreadId);
        var second = Engine.RunOnWasmThread(() => Environment.CurrentManagedThreadId);
        Assert.NotEqual(Environment.CurrentManagedThreadId, first);
        Assert.Equal(first, second);
    }

    [Fact]
    public async Task ConcurrentCallsGetTheirOwnThreads()
    {
        using var both = new Barrier(2);
        int Meet() => both.SignalAndWait(TimeSpan.FromSeconds(10)) ? Environment.CurrentManagedThreadId : -1;
        var a = Task.Run(() => Engine.RunOnWasmThread(Meet));
        var b = Task.Run(() => Engine.RunOnWasmThread(Meet));
        var ids = await Task.WhenAll(a, b).WaitAsync(TimeSpan.FromSeconds(20));
        Assert.DoesNotContain(-1, ids);
        Assert.NotEqual(ids[0], ids[1]);
    }

    [Fact]
    public void RethrowsTheWorksExceptionAndStaysUsable()
    {
        var e = Assert.Throws<InvalidOperationException>(() => Engine.RunOnWasmThread<int>(() => throw new InvalidOperationException("boom")));
        Assert.Equal("boom", e.Message);
        Assert.Equal(42, Engine.RunOnWasmThread(() => 42));
    }

    [Fact]
    public void NestedCallRunsInline()
    {
        var (outer, inner) = Engine.RunOnWasmThread(() => (Environment.CurrentManagedThreadId, Engine.RunOnWasmThread(() => Environment.CurrentManagedThreadId)));
        Assert.Equal(outer, inner);
    }

    [Fact]
    public void ThreadThatAdoptedABigEnoughStackRunsCallsInline()
    {
        int outer = 0, inner = 0, small = 0;
        var big = new Thread(() =>
        {
            WasmEngine.AdoptCurrentThread(Engine.RunnerThreadStackSize);
            outer = Environment.CurrentManagedThreadId;
            inner = Engine.RunOnWasmThread(() => Environment.CurrentManagedThreadId);
        }, Engine.RunnerThreadStackSize);
        big.Start();
        big.Join();
        var tooSmall = new Thread(() =>
        {
            WasmEngine.AdoptCurrentThread(Engine.RunnerThreadStackSize - 1);
            small = Engine.RunOnWasmThread(() => Environment.CurrentManagedThreadId) == Environment.CurrentManagedThreadId ? 1 : 2;
        }, Engine.RunnerThreadStackSize);
        tooSmall.Start();
        tooSmall.Join();
        Assert.Equal(outer, inner);
        Assert.Equal(2, small);
    }
}
