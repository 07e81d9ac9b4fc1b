using Microsoft.Extensions.Hosting;

namespace PluginHost.Actors.Hosting;

/// <summary>A host lifetime that leaves SIGTERM and Ctrl+C to the caller (the CLI drains on them, the cluster node
/// leaves the cluster): the default console lifetime would stop the actor system on the first signal.</summary>
public sealed class CallerOwnedLifetime : IHostLifetime
{
    /// <inheritdoc />
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
