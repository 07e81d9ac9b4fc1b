namespace PluginHost.Actors.Kernel;

/// <summary>How to create an actor: a factory for fresh instances (called again on every restart) plus its options.</summary>
public sealed record Props
{
    /// <summary>Props whose instances come from <paramref name="factory"/>, which must return a new instance per call.</summary>
    public Props(Func<Actor> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        Factory = factory;
    }

    /// <summary>Creates a new actor instance; runs on the actor's own thread.</summary>
    public Func<Actor> Factory { get; }

    /// <summary>Most user messages the mailbox holds; beyond that Tell throws and TellAsync waits.</summary>
    public int MailboxCapacity { get; init; } = 1000;

    /// <summary>How this actor supervises its children.</summary>
    public SupervisorStrategy SupervisorStrategy { get; init; } = SupervisorStrategy.Default;

    /// <summary>Run the actor on its own (background) thread instead of the thread pool, for handlers that block, such as guest code.</summary>
    public bool DedicatedThread { get; init; }

    /// <summary>Stack size in bytes of the dedicated thread; 0 means the runtime default.</summary>
    public int ThreadStackSize { get; init; }

    /// <summary>Props creating <typeparamref name="TActor"/> with its parameterless constructor.</summary>
    public static Props Create<TActor>() where TActor : Actor, new() => new(static () => new TActor());

    /// <summary>Throws naming the first option that is out of range.</summary>
    internal void Validate(string owner)
    {
        if (MailboxCapacity < 1)
        {
            throw new ArgumentException($"Props of {owner}: MailboxCapacity must be at least 1, got {MailboxCapacity}");
        }

        if (ThreadStackSize < 0)
        {
            throw new ArgumentException($"Props of {owner}: ThreadStackSize must not be negative, got {ThreadStackSize}");
        }

        if (SupervisorStrategy is null)
        {
            throw new ArgumentException($"Props of {owner}: SupervisorStrategy must be set");
        }

        SupervisorStrategy.Validate(owner);
    }
}
