using PluginHost.Actors.Kernel;

namespace PluginHost.Actors.Tests.Kernel;

public sealed class AskTests
{
    private static Props Echo() => FuncActor.Props((context, message) =>
    {
        switch (message)
        {
            case "fail":
                throw new InvalidOperationException("handler failed");
            case "silent":
                break;
            default:
                context.Sender.Tell(message);
                break;
        }
    }) with { SupervisorStrategy = Strategies.Fast() };

    [Fact]
    public async Task AskReturnsTheReply()
    {
        await using var system = new ActorSystem("ask");
        var echo = system.ActorOf(Echo(), "echo");

        Assert.Equal("hello", await echo.Ask<string>("hello", Probe.Timeout));
        Assert.Equal(42, await echo.Ask<int>(42, Probe.Timeout));
    }

    [Fact]
    public async Task AskWithoutReplyTimesOutWithAskTimeoutException()
    {
        await using var system = new ActorSystem("ask");
        var echo = system.ActorOf(Echo(), "echo");

        var error = await Assert.ThrowsAsync<AskTimeoutException>(() => echo.Ask<string>("silent", TimeSpan.FromMilliseconds(50)));

        Assert.Equal("/user/echo", error.Path);
        Assert.Contains("String", error.Message);
    }

    [Fact]
    public async Task AskFaultsWithTheHandlersExceptionAndTheActorKeepsServing()
    {
        await using var system = new ActorSystem("ask", Strategies.Fast());
        var echo = system.ActorOf(Echo(), "echo");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => echo.Ask<string>("fail", Probe.Timeout));

        Assert.Equal("handler failed", error.Message);
        Assert.Equal("again", await echo.Ask<string>("again", Probe.Timeout));
    }

    [Fact]
    public async Task AskWithWrongReplyTypeFaultsWithInvalidCast()
    {
        await using var system = new ActorSystem("ask");
        var echo = system.ActorOf(Echo(), "echo");

        var error = await Assert.ThrowsAsync<InvalidCastException>(() => echo.Ask<int>("text", Probe.Timeout));

        Assert.Contains("Int32", error.Message);
    }

    [Fact]
    public async Task AskToStoppedActorFailsAtOnce()
    {
        await using var system = new ActorSystem("ask");
        var echo = system.ActorOf(Echo(), "echo");
        await system.StopAsync(echo);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => echo.Ask<string>("hello", Timeout.InfiniteTimeSpan));

        Assert.Contains("/user/echo", error.Message);
    }

    [Fact]
    public async Task AskCanceledByTokenIsNotATimeout()
    {
        await using var system = new ActorSystem("ask");
        var echo = system.ActorOf(Echo(), "echo");
        using var cancel = new CancellationTokenSource();

        var ask = echo.Ask<string>("silent", Timeout.InfiniteTimeSpan, cancel.Token);
        cancel.Cancel();

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ask);
        Assert.IsNotType<AskTimeoutException>(error);
    }

    [Fact]
    public async Task ActorCanAskAnotherActorFromItsHandler()
    {
        await using var system = new ActorSystem("ask");
        var echo = system.ActorOf(Echo(), "echo");
        var front = system.ActorOf(FuncActor.Props(async (context, message) =>
        {
            var sender = context.Sender;
            string reply = await echo.Ask<string>(message, Probe.Timeout);
            sender.Tell("via front: " + reply);
        }), "front");

        Assert.Equal("via front: x", await front.Ask<string>("x", Probe.Timeout));
    }
}
