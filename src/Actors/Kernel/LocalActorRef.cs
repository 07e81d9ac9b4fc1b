namespace PluginHost.Actors.Kernel;

/// <summary>Ref to an actor living in this process.</summary>
internal sealed class LocalActorRef : ActorRef
{
    /// <summary>Creates the ref of <paramref name="cell"/>.</summary>
    internal LocalActorRef(ActorCell cell, string path) : base(path) => Cell = cell;

    /// <summary>The actor's runtime state.</summary>
    internal ActorCell Cell { get; }

    /// <inheritdoc />
    internal override int MailboxCapacity => Cell.MailboxCapacity;

    /// <inheritdoc />
    internal override bool Post(Envelope envelope) => Cell.Post(envelope);

    /// <inheritdoc />
    internal override ValueTask PostAsync(Envelope envelope, CancellationToken cancellationToken) => Cell.PostAsync(envelope, cancellationToken);
}
