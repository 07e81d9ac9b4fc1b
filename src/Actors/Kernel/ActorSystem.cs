namespace PluginHost.Actors.Kernel;

/// <summary>A tree of actors under /user, with a scheduler, dead letters and failure events. Dispose (or <see cref="ShutdownAsync"/>) to stop it.</summary>
public sealed class ActorSystem : IAsyncDisposable
{
    private readonly ActorCell _guardian;
    private int _shuttingDown;
    private long _deadLetterCount;

    /// <summary>Starts a system; <paramref name="guardianStrategy"/> supervises top-level actors (default: restart with backoff).</summary>
    public ActorSystem(string name, SupervisorStrategy? guardianStrategy = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
        Scheduler = new Scheduler(this);
        DeadLetters = new DeadLetterActorRef(this);
        var props = new Props(static () => new GuardianActor())
        {
            MailboxCapacity = 1,
            SupervisorStrategy = guardianStrategy ?? SupervisorStrategy.Default,
        };
        props.Validate("/user");
        _guardian = new ActorCell(this, parent: null, props, "/user");
        _guardian.Start();
    }

    /// <summary>Raised for every dead letter, on the thread that produced it; handlers must be quick and their exceptions are ignored.</summary>
    public event Action<DeadLetter>? DeadLetterPublished;

    /// <summary>Raised for every actor failure with the directive applied, on the supervisor's thread; handlers must be quick.</summary>
    public event Action<ActorFailure>? ActorFailed;

    /// <summary>The system's name.</summary>
    public string Name { get; }

    /// <summary>Delayed and periodic message delivery.</summary>
    public Scheduler Scheduler { get; }

    /// <summary>Sink for undeliverable messages; telling it publishes a dead letter.</summary>
    public ActorRef DeadLetters { get; }

    /// <summary>Dead letters published so far.</summary>
    public long DeadLetterCount => Interlocked.Read(ref _deadLetterCount);

    /// <summary>Completes once every actor has stopped.</summary>
    public Task WhenTerminated => _guardian.Termination;

    /// <summary>Creates and starts a top-level actor at /user/<paramref name="name"/>.</summary>
    public ActorRef ActorOf(Props props, string? name = null)
    {
        if (Volatile.Read(ref _shuttingDown) != 0)
        {
            throw new InvalidOperationException($"Actor system '{Name}' is shutting down; cannot create {name ?? "an actor"}");
        }

        return _guardian.CreateChild(props, name);
    }

    /// <summary>Stops <paramref name="actor"/> after its current message; its pending messages go to dead letters.</summary>
    public void Stop(ActorRef actor) => _guardian.StopActor(actor);

    /// <summary>Stops <paramref name="actor"/> and completes once it (and its children) have fully stopped and watchers were notified.</summary>
    public Task StopAsync(ActorRef actor, CancellationToken cancellationToken = default)
    {
        Stop(actor);
        return actor is LocalActorRef local ? local.Cell.Termination.WaitAsync(cancellationToken) : Task.CompletedTask;
    }

    /// <summary>Cancels scheduled deliveries, closes mailboxes top-down, lets every actor process what it had accepted,
    /// and stops children before their parents. Messages sent after an actor's mailbox closed go to dead letters.
    /// Do not await from inside an actor (it would wait for itself).</summary>
    public async Task ShutdownAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _shuttingDown, 1) == 0)
        {
            Scheduler.Stop();
            _guardian.SendSystem(new StopActor(Drain: true));
        }

        await _guardian.Termination.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Same as <see cref="ShutdownAsync"/>.</summary>
    public async ValueTask DisposeAsync()
    {
        await ShutdownAsync().ConfigureAwait(false);
        Scheduler.Dispose();
    }

    /// <summary>Counts and publishes an undeliverable message; an ask waiting for it fails at once.</summary>
    internal void PublishDeadLetter(Envelope envelope, ActorRef recipient)
    {
        if (envelope.Message is DeathWatchNotification)
        {
            return;
        }

        Interlocked.Increment(ref _deadLetterCount);
        if (envelope.Sender is PromiseActorRef promise)
        {
            promise.Fail(new InvalidOperationException(
                $"{recipient.Path} did not accept {envelope.Message.GetType().Name}: it is stopped or stopping (dead letter)"));
        }

        Raise(DeadLetterPublished, new DeadLetter(envelope.Message, envelope.Sender, recipient));
    }

    /// <summary>Publishes a failure event.</summary>
    internal void PublishFailure(ActorFailure failure) => Raise(ActorFailed, failure);

    private static void Raise<T>(Action<T>? handlers, T value)
    {
        if (handlers is null)
        {
            return;
        }

        foreach (var handler in handlers.GetInvocationList())
        {
            try
            {
                ((Action<T>)handler)(value);
            }
            catch (Exception)
            {
                // A subscriber's bug must not break message delivery.
            }
        }
    }
}
