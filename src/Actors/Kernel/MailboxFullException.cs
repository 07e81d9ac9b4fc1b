namespace PluginHost.Actors.Kernel;

/// <summary>Thrown by <see cref="ActorRef.Tell"/> when the recipient's bounded mailbox is full; <see cref="ActorRef.TellAsync"/> waits instead.</summary>
public sealed class MailboxFullException : InvalidOperationException
{
    /// <summary>Creates the exception for the actor at <paramref name="path"/> whose mailbox holds <paramref name="capacity"/> messages.</summary>
    public MailboxFullException(string path, int capacity)
        : base($"Mailbox of {path} is full ({capacity} messages); use TellAsync to wait for space")
    {
        Path = path;
        Capacity = capacity;
    }

    /// <summary>Path of the actor whose mailbox is full.</summary>
    public string Path { get; }

    /// <summary>The mailbox capacity.</summary>
    public int Capacity { get; }
}
