using PluginHost.Actors.Kernel;

namespace PluginHost.Actors.Tests.Kernel;

public sealed class DedicatedThreadTests
{
    private sealed record Where(int ThreadId, bool IsPoolThread, string? ThreadName);

    /// <summary>Reports the thread of PreStart and of every step of its handler, across awaits.</summary>
    private sealed class ThreadReporter : Actor
    {
        private Where? _start;

        protected override Task PreStartAsync()
        {
            _start = Here();
            return Task.CompletedTask;
        }

        protected override async Task ReceiveAsync(object message)
        {
            if (message is "boom")
            {
                throw new InvalidOperationException("boom");
            }

            var before = Here();
            await Task.Yield();
            var afterYield = Here();
            await Task.Delay(1);
            var afterDelay = Here();
            Sender.Tell(new[] { _start!, before, afterYield, afterDelay });
        }

        private static Where Here() => new(Environment.CurrentManagedThreadId, Thread.CurrentThread.IsThreadPoolThread, Thread.CurrentThread.Name);
    }

    [Fact]
    public async Task ActorWithDedicatedThreadRunsEverythingOnThatThread()
    {
        await using var system = new ActorSystem("threads", Strategies.Fast());
        var props = Props.Create<ThreadReporter>() with { DedicatedThread = true, ThreadStackSize = 16 * 1024 * 1024 };
        var actor = system.ActorOf(props, "runner");

        var first = await actor.Ask<Where[]>("where", Probe.Timeout);
        actor.Tell("boom"); // the restarted instance lives on the same thread
        var second = await actor.Ask<Where[]>("where", Probe.Timeout);

        var all = first.Concat(second).ToList();
        Assert.Single(all.Select(w => w.ThreadId).Distinct());
        Assert.All(all, w => Assert.False(w.IsPoolThread));
        Assert.All(all, w => Assert.Equal("/user/runner", w.ThreadName));
        Assert.NotEqual(Environment.CurrentManagedThreadId, all[0].ThreadId);
    }

    [Fact]
    public async Task ActorsWithoutDedicatedThreadRunOnThePool()
    {
        await using var system = new ActorSystem("threads");
        var actor = system.ActorOf(Props.Create<ThreadReporter>(), "pooled");

        var where = await actor.Ask<Where[]>("where", Probe.Timeout);

        Assert.All(where, w => Assert.True(w.IsPoolThread));
    }

    [Fact]
    public async Task TwoDedicatedActorsHaveDifferentThreads()
    {
        await using var system = new ActorSystem("threads");
        var props = Props.Create<ThreadReporter>() with { DedicatedThread = true };
        var a = system.ActorOf(props, "a");
        var b = system.ActorOf(props, "b");

        var whereA = await a.Ask<Where[]>("where", Probe.Timeout);
        var whereB = await b.Ask<Where[]>("where", Probe.Timeout);

        Assert.NotEqual(whereA[0].ThreadId, whereB[0].ThreadId);
    }

    [Fact]
    public async Task DedicatedThreadEndsWhenTheActorStops()
    {
        var system = new ActorSystem("threads");
        var props = FuncActor.Props((context, _) => context.Sender.Tell(Thread.CurrentThread)) with { DedicatedThread = true };
        var a = system.ActorOf(props, "a");
        var b = system.ActorOf(props, "b");
        var threadA = await a.Ask<Thread>("thread?", Probe.Timeout);
        var threadB = await b.Ask<Thread>("thread?", Probe.Timeout);

        await system.StopAsync(a).WaitAsync(Probe.Timeout);
        Assert.True(threadA.Join(Probe.Timeout));
        Assert.True(threadB.IsAlive);
        await system.ShutdownAsync().WaitAsync(Probe.Timeout);
        Assert.True(threadB.Join(Probe.Timeout));
    }
}
