namespace PluginHost.Plugins.Hosting;

/// <summary>The limits of one step's store.</summary>
/// <param name="MemoryBytes">Largest size any linear memory of the store may grow to.</param>
/// <param name="ComputeTime">Compute time before the guest is interrupted.</param>
/// <param name="Fuel">Fuel units (only when the engine meters fuel; null = unlimited).</param>
/// <param name="ComputeLimitHint">How the user raises the compute limit (ends the compute-time message), or null.</param>
public sealed record StepLimits(long MemoryBytes, TimeSpan ComputeTime, ulong? Fuel = null, string? ComputeLimitHint = null)
{
    /// <summary>64 MiB of memory and 60 s of compute.</summary>
    public static StepLimits Default { get; } = new(64L << 20, TimeSpan.FromSeconds(60));
}
