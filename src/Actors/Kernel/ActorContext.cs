namespace PluginHost.Actors.Kernel;

/// <summary>An actor's view of itself: its ref, the current sender, its family, and death watch. Use only from the actor's own handlers.</summary>
public sealed class ActorContext
{
    /// <summary>Creates the context of <paramref name="cell"/>.</summary>
    internal ActorContext(ActorCell cell) => Cell = cell;

    /// <summary>The actor's runtime state.</summary>
    internal ActorCell Cell { get; }

    /// <summary>The system the actor belongs to.</summary>
    public ActorSystem System => Cell.System;

    /// <summary>This actor's ref.</summary>
    public ActorRef Self => Cell.Self;

    /// <summary>Sender of the message being handled; dead letters when there is none.</summary>
    public ActorRef Sender => Cell.CurrentSender ?? Cell.System.DeadLetters;

    /// <summary>The parent (the /user guardian for top-level actors).</summary>
    public ActorRef Parent => Cell.Parent?.Self ?? Cell.Self;

    /// <summary>Live children (not those already asked to stop).</summary>
    public IReadOnlyList<ActorRef> Children => Cell.ChildrenSnapshot();

    /// <summary>The live child called <paramref name="name"/>, or null.</summary>
    public ActorRef? Child(string name) => Cell.FindChild(name);

    /// <summary>Creates and starts a child; <paramref name="name"/> must be unique among live children (null: generated).</summary>
    public ActorRef ActorOf(Props props, string? name = null) => Cell.CreateChild(props, name);

    /// <summary>Stops <paramref name="actor"/> (usually a child or Self) after its current message; its pending messages go to dead letters.</summary>
    public void Stop(ActorRef actor) => Cell.StopActor(actor);

    /// <summary>Delivers <see cref="Terminated"/> once <paramref name="actor"/> stops, or at once if it already has.</summary>
    public void Watch(ActorRef actor) => Cell.Watch(actor);

    /// <summary>Cancels <see cref="Watch"/>; a <see cref="Terminated"/> not yet handled is dropped.</summary>
    public void Unwatch(ActorRef actor) => Cell.Unwatch(actor);
}
