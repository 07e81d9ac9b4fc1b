namespace PluginHost.Actors.Kernel;

/// <summary>The system's sink for undeliverable messages; what <see cref="ActorContext.Sender"/> is when there is no sender.</summary>
internal sealed class DeadLetterActorRef : ActorRef
{
    private readonly ActorSystem _system;

    /// <summary>Creates the sink of <paramref name="system"/>.</summary>
    internal DeadLetterActorRef(ActorSystem system) : base("/deadLetters") => _system = system;

    /// <inheritdoc />
    internal override bool Post(Envelope envelope)
    {
        _system.PublishDeadLetter(envelope, this);
        return true;
    }

    /// <inheritdoc />
    internal override ValueTask PostAsync(Envelope envelope, CancellationToken cancellationToken)
    {
        Post(envelope);
        return ValueTask.CompletedTask;
    }
}
