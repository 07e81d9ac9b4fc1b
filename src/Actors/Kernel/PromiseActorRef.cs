namespace PluginHost.Actors.Kernel;

/// <summary>Temporary ref completing an ask with the first message it receives.</summary>
internal sealed class PromiseActorRef : ActorRef
{
    private static long _lastId;
    private readonly TaskCompletionSource<object> _reply = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Creates a fresh promise under /temp.</summary>
    internal PromiseActorRef() : base("/temp/ask-" + Interlocked.Increment(ref _lastId)) { }

    /// <summary>Completes with the reply.</summary>
    internal Task<object> Reply => _reply.Task;

    /// <summary>Faults the ask.</summary>
    internal void Fail(Exception cause) => _reply.TrySetException(cause);

    /// <inheritdoc />
    internal override bool Post(Envelope envelope)
    {
        _reply.TrySetResult(envelope.Message);
        return true;
    }

    /// <inheritdoc />
    internal override ValueTask PostAsync(Envelope envelope, CancellationToken cancellationToken)
    {
        Post(envelope);
        return ValueTask.CompletedTask;
    }
}
