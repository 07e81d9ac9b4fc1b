using PluginHost.Actors.Kernel;

namespace PluginHost.Actors.Tests.Kernel;

public sealed class DeathWatchTests
{
    private sealed record WatchCommand(ActorRef Target, bool Watch);

    /// <summary>Watches/unwatches on command (acknowledging), forwards everything else to the probe.</summary>
    private static ActorRef Watcher(ActorSystem system, Probe probe) => system.ActorOf(FuncActor.Props((context, message) =>
    {
        if (message is WatchCommand command)
        {
            if (command.Watch)
            {
                context.Watch(command.Target);
            }
            else
            {
                context.Unwatch(command.Target);
            }

            context.Sender.Tell("ok");
        }
        else
        {
            probe.Ref.Tell(message);
        }
    }));

    private static ActorRef Idle(ActorSystem system, string name) => system.ActorOf(FuncActor.Props((_, _) => { }), name);

    [Fact]
    public async Task WatcherGetsTerminatedWhenTheActorStops()
    {
        await using var system = new ActorSystem("watch");
        var probe = new Probe(system);
        var watcher = Watcher(system, probe);
        var target = Idle(system, "target");
        await watcher.Ask<string>(new WatchCommand(target, true), Probe.Timeout);

        system.Stop(target);

        Assert.Equal(target, (await probe.ExpectAsync<Terminated>()).Actor);
    }

    [Fact]
    public async Task WatchingAnAlreadyStoppedActorGetsTerminatedAtOnce()
    {
        await using var system = new ActorSystem("watch");
        var probe = new Probe(system);
        var watcher = Watcher(system, probe);
        var target = Idle(system, "target");
        await system.StopAsync(target);

        await watcher.Ask<string>(new WatchCommand(target, true), Probe.Timeout);

        Assert.Equal(target, (await probe.ExpectAsync<Terminated>()).Actor);
    }

    [Fact]
    public async Task UnwatchedActorsStoppingDeliverNoTerminated()
    {
        await using var system = new ActorSystem("watch");
        var probe = new Probe(system);
        var watcher = Watcher(system, probe);
        var target = Idle(system, "target");
        await watcher.Ask<string>(new WatchCommand(target, true), Probe.Timeout);
        await watcher.Ask<string>(new WatchCommand(target, false), Probe.Timeout);

        await system.StopAsync(target); // completes after watchers were notified
        watcher.Tell("marker");

        Assert.Equal("marker", await probe.ExpectAsync<string>());
    }

    [Fact]
    public async Task UnwatchDropsATerminatedAlreadyQueued()
    {
        await using var system = new ActorSystem("watch");
        var probe = new Probe(system);
        var target = Idle(system, "target");
        var watcher = system.ActorOf(FuncActor.Props(async (context, message) =>
        {
            switch (message)
            {
                case "watch":
                    context.Watch(target);
                    break;
                case "stop then unwatch":
                    await context.System.StopAsync(target); // its Terminated is now queued behind this message
                    context.Unwatch(target);
                    context.Self.Tell("marker"); // queued behind the Terminated
                    break;
                default:
                    probe.Ref.Tell(message);
                    break;
            }
        }));

        watcher.Tell("watch");
        watcher.Tell("stop then unwatch");

        Assert.Equal("marker", await probe.ExpectAsync<string>());
    }

    [Fact]
    public async Task TerminatedArrivesAfterTheLastMessagesOfTheStoppedActor()
    {
        await using var system = new ActorSystem("watch");
        var probe = new Probe(system);
        var watcher = Watcher(system, probe);
        var chatty = system.ActorOf(FuncActor.Props((context, _) =>
        {
            for (int i = 0; i < 100; i++)
            {
                watcher.Tell(i);
            }

            context.Stop(context.Self);
        }), "chatty");
        await watcher.Ask<string>(new WatchCommand(chatty, true), Probe.Timeout);

        chatty.Tell("go");

        for (int i = 0; i < 100; i++)
        {
            Assert.Equal(i, await probe.ExpectAsync<int>());
        }

        Assert.Equal(chatty, (await probe.ExpectAsync<Terminated>()).Actor);
    }

    [Fact]
    public async Task ParentWatchingAChildLearnsOfItsStop()
    {
        await using var system = new ActorSystem("watch");
        var probe = new Probe(system);
        var parent = system.ActorOf(FuncActor.Props((context, message) =>
        {
            switch (message)
            {
                case "spawn":
                    var child = context.ActorOf(FuncActor.Props((_, _) => { }), "child");
                    context.Watch(child);
                    context.Stop(child);
                    break;
                case Terminated t:
                    probe.Ref.Tell(t.Actor.Path);
                    probe.Ref.Tell(context.Children.Count);
                    break;
            }
        }), "parent");

        parent.Tell("spawn");

        Assert.Equal("/user/parent/child", await probe.ExpectAsync<string>());
        Assert.Equal(0, await probe.ExpectAsync<int>());
    }
}
