using System.Threading.Channels;

namespace PluginHost.Actors.Kernel;

/// <summary>Death watch: who watches this actor, whom it watches, and the Terminated notifications.</summary>
internal sealed partial class ActorCell
{
    private readonly HashSet<ActorCell> _watchers = [];
    private readonly HashSet<ActorRef> _watching = [];

    /// <summary>Starts watching <paramref name="target"/>.</summary>
    internal void Watch(ActorRef target)
    {
        if (target is not LocalActorRef local)
        {
            throw new ArgumentException($"{Self.Path} can only watch actors of its system, not {target.Path}", nameof(target));
        }

        if (local.Cell != this && _watching.Add(target))
        {
            local.Cell.SendSystem(new WatchActor(this));
        }
    }

    /// <summary>Stops watching <paramref name="target"/>.</summary>
    internal void Unwatch(ActorRef target)
    {
        if (target is LocalActorRef local && _watching.Remove(target))
        {
            local.Cell.SendSystem(new UnwatchActor(this));
        }
    }

    /// <summary>Queues a Terminated for <paramref name="actor"/> behind the messages already in this mailbox; never lost while this actor lives.</summary>
    internal void NotifyTerminated(ActorRef actor)
    {
        var envelope = new Envelope(new DeathWatchNotification(actor), actor);
        if (!_mailbox.Writer.TryWrite(envelope) && !_closed)
        {
            _ = WriteWhenRoomAsync(envelope);
        }
    }

    /// <summary>Unwatches everything this actor watched, notifies every watcher (including ones whose Watch is still
    /// queued), then refuses further control messages.</summary>
    private void FinishDeathWatch()
    {
        foreach (var watched in _watching)
        {
            ((LocalActorRef)watched).Cell.SendSystem(new UnwatchActor(this));
        }

        _watching.Clear();
        foreach (var watcher in _watchers)
        {
            watcher.NotifyTerminated(Self);
        }

        _systemQueue.Writer.TryComplete(); // from here on SendSystem answers Watch itself
        while (_systemQueue.Reader.TryRead(out var message))
        {
            if (message is WatchActor watch && watch.Watcher != this)
            {
                watch.Watcher.NotifyTerminated(Self);
            }
        }
    }

    /// <summary>Writes once the full mailbox has room; dropped if this actor stops first.</summary>
    private async Task WriteWhenRoomAsync(Envelope envelope)
    {
        try
        {
            await _mailbox.Writer.WriteAsync(envelope).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
        }
    }
}
