using System.Threading.Channels;
using PluginHost.Actors.Kernel;

namespace PluginHost.Actors.Tests.Kernel;

/// <summary>An actor whose handler is a lambda over its context.</summary>
internal sealed class FuncActor(Func<ActorContext, object, Task> receive) : Actor
{
    protected override Task ReceiveAsync(object message) => receive(Context, message);

    public static Props Props(Func<ActorContext, object, Task> receive) => new(() => new FuncActor(receive));

    public static Props Props(Action<ActorContext, object> receive) => new(() => new FuncActor((context, message) =>
    {
        receive(context, message);
        return Task.CompletedTask;
    }));
}

/// <summary>A message seen by a probe, with its sender.</summary>
internal sealed record Received(object Message, ActorRef Sender);

/// <summary>An actor that hands everything it receives to the test.</summary>
internal sealed class Probe
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);
    private readonly Channel<Received> _inbox = Channel.CreateUnbounded<Received>();

    public Probe(ActorSystem system, string? name = null)
    {
        var writer = _inbox.Writer;
        Ref = system.ActorOf(FuncActor.Props((context, message) =>
        {
            writer.TryWrite(new Received(message, context.Sender));
        }), name);
    }

    public ActorRef Ref { get; }

    /// <summary>The next message, which must be a <typeparamref name="T"/>; fails after the timeout.</summary>
    public async Task<T> ExpectAsync<T>() => Assert.IsType<T>((await NextAsync()).Message);

    /// <summary>The next message with its sender; fails after the timeout.</summary>
    public async Task<Received> NextAsync() => await _inbox.Reader.ReadAsync().AsTask().WaitAsync(Timeout);

    /// <summary>Messages already received and not yet taken.</summary>
    public List<object> Drain()
    {
        var list = new List<object>();
        while (_inbox.Reader.TryRead(out var received))
        {
            list.Add(received.Message);
        }

        return list;
    }
}

/// <summary>Fast backoff for tests.</summary>
internal static class Strategies
{
    public static SupervisorStrategy Fast(Directive directive = Directive.Restart, int maxRetries = 10) => new()
    {
        Decider = _ => directive,
        MinBackoff = TimeSpan.FromMilliseconds(1),
        MaxBackoff = TimeSpan.FromMilliseconds(5),
        RandomFactor = 0,
        MaxRetries = maxRetries,
    };
}
