namespace PluginHost.Actors.Kernel;

/// <summary>How a parent treats failing children: a decider per exception plus exponential restart backoff and a retry budget.</summary>
public sealed record SupervisorStrategy
{
    /// <summary>Restart with backoff (100 ms doubling to 10 s, +20% jitter), at most 10 restarts a minute, then stop.</summary>
    public static SupervisorStrategy Default { get; } = new();

    /// <summary>Chooses the directive for an exception; the default always restarts.</summary>
    public Func<Exception, Directive> Decider { get; init; } = static _ => Directive.Restart;

    /// <summary>Delay before the first restart in a window.</summary>
    public TimeSpan MinBackoff { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Upper bound of the doubling delay (before jitter).</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Random extra delay as a fraction of the delay: 0.2 adds up to 20%.</summary>
    public double RandomFactor { get; init; } = 0.2;

    /// <summary>Restarts allowed within <see cref="RetryWindow"/>; the next failure stops the child.</summary>
    public int MaxRetries { get; init; } = 10;

    /// <summary>Window over which restarts are counted; the count and the backoff reset when it has passed.</summary>
    public TimeSpan RetryWindow { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>A strategy that always applies <paramref name="directive"/>, with the default backoff settings.</summary>
    public static SupervisorStrategy Always(Directive directive) => new() { Decider = _ => directive };

    /// <summary>Delay before restart number <paramref name="restart"/> (1-based) of a window: min * 2^(restart-1), capped, plus jitter.</summary>
    public TimeSpan BackoffDelay(int restart)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(restart, 1);
        double doubled = MinBackoff.TotalMilliseconds * Math.Pow(2, Math.Min(restart - 1, 30));
        double capped = Math.Min(MaxBackoff.TotalMilliseconds, doubled);
        return TimeSpan.FromMilliseconds(capped * (1 + Random.Shared.NextDouble() * RandomFactor));
    }

    /// <summary>Throws naming the first field that is out of range.</summary>
    internal void Validate(string owner)
    {
        string? error =
            Decider is null ? "Decider must be set" :
            MinBackoff < TimeSpan.Zero ? $"MinBackoff must not be negative, got {MinBackoff}" :
            MaxBackoff < MinBackoff ? $"MaxBackoff ({MaxBackoff}) must be at least MinBackoff ({MinBackoff})" :
            !(RandomFactor >= 0) ? $"RandomFactor must be at least 0, got {RandomFactor}" :
            MaxRetries < 0 ? $"MaxRetries must not be negative, got {MaxRetries}" :
            RetryWindow <= TimeSpan.Zero ? $"RetryWindow must be positive, got {RetryWindow}" :
            null;
        if (error is not null)
        {
            throw new ArgumentException($"Supervisor strategy of {owner}: {error}");
        }
    }
}
