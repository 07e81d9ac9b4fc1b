using System.Collections.Concurrent;
using PluginHost.Actors.Kernel;

namespace PluginHost.Actors.Tests.Kernel;

public sealed class ShutdownTests
{
    /// <summary>Records its PostStop and creates the children named in its spec.</summary>
    private sealed class Node(string name, Dictionary<string, string[]> tree, ConcurrentQueue<string> stops) : Actor
    {
        protected override Task PreStartAsync()
        {
            foreach (string child in tree.GetValueOrDefault(name, []))
            {
                Context.ActorOf(new Props(() => new Node(child, tree, stops)), child);
            }

            return Task.CompletedTask;
        }

        protected override Task ReceiveAsync(object message)
        {
            Sender.Tell("ready");
            return Task.CompletedTask;
        }

        protected override Task PostStopAsync()
        {
            stops.Enqueue(name);
            return Task.CompletedTask;
        }
    }

    private static readonly Dictionary<string, string[]> Tree = new()
    {
        ["root"] = ["a", "b"],
        ["a"] = ["a1", "a2"],
        ["a1"] = ["a1x"],
    };

    private static void AssertChildrenFirst(ConcurrentQueue<string> stops)
    {
        var order = stops.ToList();
        Assert.Equal(["a", "a1", "a1x", "a2", "b", "root"], order.Order());
        foreach (var (parent, children) in Tree)
        {
            Assert.All(children, child => Assert.True(order.IndexOf(child) < order.IndexOf(parent), $"{child} stopped after {parent}: {string.Join(",", order)}"));
        }
    }

    [Fact]
    public async Task ShutdownStopsChildrenBeforeParents()
    {
        var system = new ActorSystem("shutdown");
        var stops = new ConcurrentQueue<string>();
        var root = system.ActorOf(new Props(() => new Node("root", Tree, stops)), "root");
        await root.Ask<string>("ready?", Probe.Timeout);

        await system.ShutdownAsync().WaitAsync(Probe.Timeout);

        AssertChildrenFirst(stops);
        Assert.True(system.WhenTerminated.IsCompleted);
    }

    [Fact]
    public async Task StopAsyncStopsChildrenBeforeParents()
    {
        await using var system = new ActorSystem("shutdown");
        var stops = new ConcurrentQueue<string>();
        var root = system.ActorOf(new Props(() => new Node("root", Tree, stops)), "root");
        await root.Ask<string>("ready?", Probe.Timeout);

        await system.StopAsync(root).WaitAsync(Probe.Timeout);

        AssertChildrenFirst(stops);
    }

    [Fact]
    public async Task ShutdownProcessesEveryMessageAcceptedBeforehandThroughParentAndChild()
    {
        const int count = 3000;
        var system = new ActorSystem("shutdown");
        int childSeen = 0, parentSeen = 0;
        var parent = system.ActorOf(new Props(() => new FuncActor(async (context, message) =>
        {
            var child = context.Child("child") ?? context.ActorOf(FuncActor.Props(async (_, _) =>
            {
                await Task.Yield();
                childSeen++;
            }) with { MailboxCapacity = count }, "child");
            await Task.Yield();
            parentSeen++;
            child.Tell(message);
        })) { MailboxCapacity = 50 }, "parent");

        for (int i = 0; i < count; i++)
        {
            await parent.TellAsync(i);
        }

        await system.ShutdownAsync().WaitAsync(Probe.Timeout);

        Assert.Equal(count, parentSeen);
        Assert.Equal(count, childSeen);
        Assert.Equal(0, system.DeadLetterCount);
    }

    [Fact]
    public async Task ShutdownDrainsAnActorThatIsWaitingForItsRestart()
    {
        var slowRestart = new SupervisorStrategy { MinBackoff = TimeSpan.FromHours(1), MaxBackoff = TimeSpan.FromHours(1) };
        var system = new ActorSystem("shutdown", slowRestart);
        var seen = new ConcurrentQueue<object>();
        var failing = system.ActorOf(FuncActor.Props((_, message) =>
        {
            if (message is "boom")
            {
                throw new InvalidOperationException("boom");
            }

            seen.Enqueue(message);
        }), "failing");
        var failed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        system.ActorFailed += f => failed.TrySetResult();

        failing.Tell("boom");
        await failed.Task.WaitAsync(Probe.Timeout); // now suspended for an hour
        failing.Tell(1);
        failing.Tell(2);
        await system.ShutdownAsync().WaitAsync(Probe.Timeout);

        Assert.Equal([1, 2], seen);
    }

    [Fact]
    public async Task AfterShutdownMessagesAreDeadLettersAndNewActorsAreRefused()
    {
        var system = new ActorSystem("shutdown");
        var deadLetters = new ConcurrentQueue<DeadLetter>();
        system.DeadLetterPublished += deadLetters.Enqueue;
        var actor = system.ActorOf(FuncActor.Props((_, _) => { }), "late");
        await system.ShutdownAsync().WaitAsync(Probe.Timeout);

        actor.Tell("too late");
        await actor.TellAsync("too late async");

        Assert.Equal(["too late", "too late async"], deadLetters.Select(d => d.Message));
        Assert.All(deadLetters, d => Assert.Equal(actor, d.Recipient));
        Assert.Equal(2, system.DeadLetterCount);
        var refused = Assert.Throws<InvalidOperationException>(() => system.ActorOf(FuncActor.Props((_, _) => { }), "new"));
        Assert.Contains("shutting down", refused.Message);
        await system.DisposeAsync(); // idempotent
        await system.ShutdownAsync();
    }
}
