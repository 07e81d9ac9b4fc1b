namespace PluginHost.Actors.Kernel;

/// <summary>Thrown by <see cref="ActorRef.Ask{T}"/> when no reply arrived within the timeout.</summary>
public sealed class AskTimeoutException : TimeoutException
{
    /// <summary>Creates the exception for an ask to <paramref name="path"/> with <paramref name="message"/>.</summary>
    public AskTimeoutException(string path, object message, TimeSpan timeout)
        : base($"Ask to {path} timed out after {timeout.TotalMilliseconds:0} ms waiting for a reply to {message.GetType().Name}")
    {
        Path = path;
        Timeout = timeout;
    }

    /// <summary>Path of the actor that did not reply.</summary>
    public string Path { get; }

    /// <summary>The timeout that elapsed.</summary>
    public TimeSpan Timeout { get; }
}
