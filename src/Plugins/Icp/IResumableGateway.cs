namespace PluginHost.Plugins.Icp;

/// <summary>A gateway whose update calls have a request id known before they are sent, so that a call interrupted
/// after sending can be resumed by polling that id instead of being sent again.</summary>
public interface IResumableGateway : ICanisterGateway
{
    /// <summary>Performs one call; for an update call, <paramref name="sending"/> gets its request id before it goes out.</summary>
    Task<CanisterReply> CallAsync(CanisterCall call, Func<byte[], Task> sending, CancellationToken cancellationToken);

    /// <summary>The outcome of update call <paramref name="call"/> sent earlier as <paramref name="requestId"/>, by polling.</summary>
    Task<CanisterReply> ResumeAsync(CanisterCall call, byte[] requestId, CancellationToken cancellationToken);
}
