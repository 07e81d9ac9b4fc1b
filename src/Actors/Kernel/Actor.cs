namespace PluginHost.Actors.Kernel;

/// <summary>Base class of actors: state plus one message handler, run one message at a time.</summary>
/// <remarks>Instances are created only by the system through <see cref="Props"/>; <see cref="Context"/> is usable from the
/// constructor on, but only from the actor's own handlers and hooks (not from tasks it leaves running).</remarks>
public abstract class Actor
{
    /// <summary>Binds the instance to the actor being created; throws when called outside <see cref="Props.Factory"/>.</summary>
    protected Actor()
    {
        var cell = ActorCell.Constructing
            ?? throw new InvalidOperationException($"{GetType().Name} can only be created by an ActorSystem through Props, not with new");
        Context = cell.Context;
    }

    /// <summary>The actor's view of itself and the system.</summary>
    protected internal ActorContext Context { get; }

    /// <summary>This actor's ref.</summary>
    protected ActorRef Self => Context.Self;

    /// <summary>Sender of the message being handled (dead letters when there is none).</summary>
    protected ActorRef Sender => Context.Sender;

    /// <summary>Handles one message; the next message is taken only after the returned task completes. Throwing hands the failure to the parent.</summary>
    protected internal abstract Task ReceiveAsync(object message);

    /// <summary>Runs before the first message of the first instance.</summary>
    protected internal virtual Task PreStartAsync() => Task.CompletedTask;

    /// <summary>Runs once the actor has stopped and all its children have stopped.</summary>
    protected internal virtual Task PostStopAsync() => Task.CompletedTask;

    /// <summary>Runs on the failed instance before it is replaced; by default stops all children, then runs <see cref="PostStopAsync"/>.</summary>
    /// <param name="reason">The failure.</param>
    /// <param name="message">The message being handled when it failed, if any.</param>
    protected internal virtual async Task PreRestartAsync(Exception reason, object? message)
    {
        foreach (var child in Context.Children)
        {
            Context.Stop(child);
        }

        await PostStopAsync();
    }

    /// <summary>Runs on the new instance after a restart; by default runs <see cref="PreStartAsync"/>.</summary>
    protected internal virtual Task PostRestartAsync(Exception reason) => PreStartAsync();

    /// <summary>Reports a message this actor does not handle (published as a dead letter).</summary>
    protected void Unhandled(object message) => Context.Cell.Unhandled(message);
}
