namespace PluginHost.Shared.Runs;

/// <summary>Resource limits of one step; a null limit means the host's default.</summary>
/// <param name="ComputeTime">Maximum compute time of the plugin call.</param>
/// <param name="MaxMemoryBytes">Maximum linear memory of the plugin's store, in bytes.</param>
/// <param name="MaxStreamBytes">Maximum bytes kept per output stream (stdout, stderr).</param>
public sealed record StepLimits(TimeSpan? ComputeTime = null, long? MaxMemoryBytes = null, long? MaxStreamBytes = null)
{
    /// <summary>No explicit limits: the host's defaults apply.</summary>
    public static StepLimits Default { get; } = new();
}
