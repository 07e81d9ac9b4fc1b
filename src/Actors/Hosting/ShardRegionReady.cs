using Akka.Actor;
using Akka.Cluster.Sharding;

namespace PluginHost.Actors.Hosting;

/// <summary>Waits until a shard region is registered with its coordinator: the coordinator ignores registrations while
/// it recovers its state, and a run submitted before the registration waits in the region's buffer for the next retry.</summary>
public static class ShardRegionReady
{
    /// <summary>True once <paramref name="region"/> reports a registered region (its coordinator answers
    /// <see cref="GetCurrentRegions"/>); false when <paramref name="timeout"/> passed first.</summary>
    public static async Task<bool> WaitAsync(IActorRef region, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            // The region answers an empty set itself until its coordinator acknowledged the registration.
            var remaining = deadline - DateTime.UtcNow;
            if (remaining <= TimeSpan.Zero) return false;
            try
            {
                var regions = await region.Ask<CurrentRegions>(GetCurrentRegions.Instance, remaining, cancellationToken);
                if (regions.Regions.Count > 0) return true;
            }
            catch (AskTimeoutException) { return false; }
            await Task.Delay(TimeSpan.FromMilliseconds(20), cancellationToken);
        }
    }
}
