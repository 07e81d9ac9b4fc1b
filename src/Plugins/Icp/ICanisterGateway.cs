namespace PluginHost.Plugins.Icp;

/// <summary>Where canister calls go: a recording gateway (replies from a file) now, the IC network later.</summary>
public interface ICanisterGateway
{
    /// <summary>Performs one call.</summary>
    Task<CanisterReply> CallAsync(CanisterCall call, CancellationToken cancellationToken);
}
