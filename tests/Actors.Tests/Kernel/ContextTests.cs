using PluginHost.Actors.Kernel;

namespace PluginHost.Actors.Tests.Kernel;

public sealed class ContextTests
{
    private sealed record Family(ActorRef Self, ActorRef Parent, IReadOnlyList<ActorRef> Children, ActorRef? Named);

    [Fact]
    public async Task ChildrenHavePathsUnderTheirParentAndUniqueNames()
    {
        await using var system = new ActorSystem("context");
        var parent = system.ActorOf(FuncActor.Props((context, message) =>
        {
            switch (message)
            {
                case "spawn":
                    var a = context.ActorOf(FuncActor.Props((c, _) => c.Sender.Tell(new Family(c.Self, c.Parent, c.Children, null))), "a");
                    context.ActorOf(FuncActor.Props((_, _) => { }));
                    var duplicate = Assert.Throws<InvalidOperationException>(() => context.ActorOf(FuncActor.Props((_, _) => { }), "a"));
                    var slash = Assert.Throws<ArgumentException>(() => context.ActorOf(FuncActor.Props((_, _) => { }), "x/y"));
                    context.Sender.Tell(new[] { duplicate.Message, slash.Message });
                    break;
                default:
                    context.Sender.Tell(new Family(context.Self, context.Parent, context.Children, context.Child("a")));
                    break;
            }
        }), "parent");

        var errors = await parent.Ask<string[]>("spawn", Probe.Timeout);
        var family = await parent.Ask<Family>("family", Probe.Timeout);
        var child = await family.Named!.Ask<Family>("family", Probe.Timeout);

        Assert.Contains("already has a child named 'a'", errors[0]);
        Assert.Contains("x/y", errors[1]);
        Assert.Equal("/user/parent", family.Self.Path);
        Assert.Equal("/user", family.Parent.Path);
        Assert.Equal(["/user/parent/a", "/user/parent/$1"], family.Children.Select(c => c.Path).Order(StringComparer.Ordinal).Reverse());
        Assert.Equal("a", child.Self.Name);
        Assert.Equal(parent, child.Parent);
        Assert.Empty(child.Children);
    }

    [Fact]
    public async Task RefsAreEqualPerIncarnation()
    {
        await using var system = new ActorSystem("context");
        var first = system.ActorOf(FuncActor.Props((_, _) => { }), "same");
        await system.StopAsync(first);
        var second = system.ActorOf(FuncActor.Props((_, _) => { }), "same");

        Assert.Equal(first.Path, second.Path);
        Assert.NotEqual(first, second);
        Assert.True(first != second);
        Assert.Equal(first, first);
        Assert.Contains(second, new HashSet<ActorRef> { second });
    }

    [Fact]
    public void ActorsCannotBeCreatedWithNew()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new FuncActor((_, _) => Task.CompletedTask));

        Assert.Contains("Props", error.Message);
    }

    [Fact]
    public async Task FactoryReturningAReusedInstanceFailsTheActor()
    {
        await using var system = new ActorSystem("context", Strategies.Fast(Directive.Stop));
        var failures = new TaskCompletionSource<ActorFailure>(TaskCreationOptions.RunContinuationsAsynchronously);
        system.ActorFailed += f => failures.TrySetResult(f);
        Actor? kept = null;

        var first = system.ActorOf(new Props(() => kept ??= new FuncActor((context, m) =>
        {
            context.Sender.Tell(m);
            return Task.CompletedTask;
        })), "first");
        await first.Ask<string>("created?", Probe.Timeout);
        var second = system.ActorOf(new Props(() => kept!), "second");

        var failure = await failures.Task.WaitAsync(Probe.Timeout);
        Assert.Equal(second, failure.Actor);
        Assert.Contains("new instance", failure.Cause.Message);
    }
}
