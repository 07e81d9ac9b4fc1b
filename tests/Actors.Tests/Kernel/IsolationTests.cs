using System.Collections.Concurrent;
using PluginHost.Actors.Kernel;

namespace PluginHost.Actors.Tests.Kernel;

public sealed class IsolationTests
{
    /// <summary>Fails in every way it can: handler, async continuation, fire-and-forget async void, PostStop.</summary>
    private sealed class Bomb : Actor
    {
        protected override async Task ReceiveAsync(object message)
        {
            switch (message)
            {
                case "sync":
                    throw new InvalidOperationException("sync");
                case "async":
                    await Task.Yield();
                    throw new InvalidOperationException("async");
                case "void":
                    FireAndForget();
                    break;
                case "ping":
                    Sender.Tell("pong");
                    break;
            }
        }

        protected override Task PostStopAsync() => throw new InvalidOperationException("post-stop");

        private static async void FireAndForget()
        {
            await Task.Yield();
            throw new InvalidOperationException("async void");
        }
    }

    [Fact]
    public async Task FailingActorsNeverAffectOtherActorsOrTheProcess()
    {
        var system = new ActorSystem("isolation", Strategies.Fast(maxRetries: 1000));
        var failures = new ConcurrentQueue<ActorFailure>();
        var asyncVoid = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        system.ActorFailed += failures.Enqueue;
        system.ActorFailed += f => _ = f.Cause.Message == "async void" && asyncVoid.TrySetResult();
        system.ActorFailed += _ => throw new InvalidOperationException("bad subscriber");
        system.DeadLetterPublished += _ => throw new InvalidOperationException("bad subscriber");
        var pooled = system.ActorOf(Props.Create<Bomb>(), "pooled-bomb");
        var dedicated = system.ActorOf(Props.Create<Bomb>() with { DedicatedThread = true }, "dedicated-bomb");
        var healthy = system.ActorOf(FuncActor.Props((context, message) => context.Sender.Tell(message)), "healthy");

        for (int round = 0; round < 20; round++)
        {
            foreach (var bomb in new[] { pooled, dedicated })
            {
                bomb.Tell("sync");
                bomb.Tell("async");
            }

            dedicated.Tell("void"); // on the dedicated thread even async void cannot crash the process
            Assert.Equal(round, await healthy.Ask<int>(round, Probe.Timeout));
        }

        // A reply to "ping" means every earlier message was handled and each failure's decision published.
        Assert.Equal("pong", await pooled.Ask<string>("ping", Probe.Timeout));
        Assert.Equal("pong", await dedicated.Ask<string>("ping", Probe.Timeout));
        await asyncVoid.Task.WaitAsync(Probe.Timeout);
        await system.StopAsync(pooled).WaitAsync(Probe.Timeout);
        await system.ShutdownAsync().WaitAsync(Probe.Timeout);

        Assert.Contains(failures, f => f.Actor == pooled && f.Cause.Message == "sync");
        Assert.Contains(failures, f => f.Actor == dedicated && f.Cause.Message == "async");
        Assert.Contains(failures, f => f.Actor == pooled && f.Cause.Message == "post-stop");
        Assert.Contains(failures, f => f.Actor == dedicated && f.Cause.Message == "async void");
        Assert.DoesNotContain(failures, f => f.Actor == healthy);
    }
}
