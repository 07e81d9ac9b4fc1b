namespace PluginHost.Actors.Kernel;

/// <summary>An address to send messages to; the only way to talk to an actor. Equal refs denote the same actor incarnation.</summary>
/// <remarks>
/// Full mailbox policy: <see cref="Tell"/> fails fast with <see cref="MailboxFullException"/>, <see cref="TellAsync"/> waits for space.
/// Messages sent to a stopped or stopping actor go to dead letters (<see cref="ActorSystem.DeadLetterPublished"/>).
/// Messages from one sender to one receiver are delivered in the order they were accepted.
/// </remarks>
public abstract class ActorRef : IEquatable<ActorRef>
{
    private static long _lastUid;

    private protected ActorRef(string path)
    {
        Path = path;
        Uid = Interlocked.Increment(ref _lastUid);
    }

    /// <summary>Path of the actor, e.g. /user/coordinator/runner-1.</summary>
    public string Path { get; }

    /// <summary>Last segment of the path: the name the actor was created with.</summary>
    public string Name => Path[(Path.LastIndexOf('/') + 1)..];

    /// <summary>Distinguishes incarnations that share a path.</summary>
    internal long Uid { get; }

    /// <summary>Sends a message without waiting; throws <see cref="MailboxFullException"/> if the mailbox is full.</summary>
    /// <param name="message">The message (prefer immutable records).</param>
    /// <param name="sender">Where replies go; defaults to the calling actor when called from inside one.</param>
    public void Tell(object message, ActorRef? sender = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!Post(new Envelope(message, sender ?? ActorCell.CurrentSelf)))
        {
            throw new MailboxFullException(Path, MailboxCapacity);
        }
    }

    /// <summary>Sends a message, waiting asynchronously while the mailbox is full.</summary>
    /// <param name="message">The message (prefer immutable records).</param>
    /// <param name="sender">Where replies go; defaults to the calling actor when called from inside one.</param>
    /// <param name="cancellationToken">Stops waiting for space; the message is then not sent.</param>
    public ValueTask TellAsync(object message, ActorRef? sender = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        return PostAsync(new Envelope(message, sender ?? ActorCell.CurrentSelf), cancellationToken);
    }

    /// <summary>Sends a message and awaits the reply of type <typeparamref name="T"/>.</summary>
    /// <remarks>Faults with <see cref="AskTimeoutException"/> after <paramref name="timeout"/>, with the handler's exception if the
    /// actor fails while handling the message, and with <see cref="InvalidOperationException"/> if the actor is stopped.</remarks>
    public async Task<T> Ask<T>(object message, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var promise = new PromiseActorRef();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        object reply;
        try
        {
            await PostAsync(new Envelope(message, promise), deadline.Token).ConfigureAwait(false);
            reply = await promise.Reply.WaitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new AskTimeoutException(Path, message, timeout);
        }

        return reply is T typed
            ? typed
            : throw new InvalidCastException($"Ask to {Path} expected a {typeof(T).Name} reply to {message.GetType().Name} but got {reply.GetType().Name}");
    }

    /// <summary>Capacity reported in <see cref="MailboxFullException"/>.</summary>
    internal virtual int MailboxCapacity => 0;

    /// <summary>Enqueues without waiting; false only when the mailbox is full.</summary>
    internal abstract bool Post(Envelope envelope);

    /// <summary>Enqueues, waiting for space.</summary>
    internal abstract ValueTask PostAsync(Envelope envelope, CancellationToken cancellationToken);

    /// <summary>True when <paramref name="other"/> denotes the same actor incarnation.</summary>
    public bool Equals(ActorRef? other) => other is not null && Uid == other.Uid && Path == other.Path;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is ActorRef other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Path, Uid);

    /// <summary>The actor's path.</summary>
    public override string ToString() => Path;

    /// <summary>True when both denote the same actor incarnation (or both are null).</summary>
    public static bool operator ==(ActorRef? left, ActorRef? right) => left is null ? right is null : left.Equals(right);

    /// <summary>True unless both denote the same actor incarnation.</summary>
    public static bool operator !=(ActorRef? left, ActorRef? right) => !(left == right);
}
