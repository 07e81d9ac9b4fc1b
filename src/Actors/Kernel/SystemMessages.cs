namespace PluginHost.Actors.Kernel;

/// <summary>Kernel-internal control messages; they bypass the bounded mailbox and are handled before user messages.</summary>
internal abstract record SystemMessage;

/// <summary>Child to parent: my handler threw; decide.</summary>
internal sealed record Failed(ActorCell Child, Exception Cause) : SystemMessage;

/// <summary>Parent to child: continue with the current instance.</summary>
internal sealed record ResumeActor : SystemMessage
{
    /// <summary>The single instance.</summary>
    public static readonly ResumeActor Instance = new();
}

/// <summary>Parent to child: replace the instance.</summary>
internal sealed record RestartActor(Exception Cause) : SystemMessage;

/// <summary>Stop; when <paramref name="Drain"/>, process every message already accepted first.</summary>
internal sealed record StopActor(bool Drain) : SystemMessage;

/// <summary>Watcher to watchee: notify me when you stop.</summary>
internal sealed record WatchActor(ActorCell Watcher) : SystemMessage;

/// <summary>Watcher to watchee: no longer notify me.</summary>
internal sealed record UnwatchActor(ActorCell Watcher) : SystemMessage;

/// <summary>Child to parent: I have fully stopped.</summary>
internal sealed record ChildTerminated(ActorCell Child) : SystemMessage;

/// <summary>Travels in the watcher's user mailbox (after the dead actor's last messages) and becomes <see cref="Terminated"/>.</summary>
internal sealed record DeathWatchNotification(ActorRef Actor);
