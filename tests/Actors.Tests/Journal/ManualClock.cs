namespace PluginHost.Actors.Tests.Journal;

/// A clock the test moves by hand, so lease expiry is tested without sleeping.
public sealed class ManualClock : TimeProvider
{
    private DateTimeOffset now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly Lock gate = new();

    public override DateTimeOffset GetUtcNow()
    {
        lock (gate) return now;
    }

    public void Advance(TimeSpan by)
    {
        lock (gate) now += by;
    }
}
