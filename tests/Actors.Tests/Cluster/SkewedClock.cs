namespace PluginHost.Actors.Tests.Cluster;

/// The system clock shifted by a fixed offset: a node whose own clock is wrong.
public sealed class SkewedClock(TimeSpan offset) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + offset;
}
