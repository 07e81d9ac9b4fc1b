namespace PluginHost.Bench.Kernels;

/// <summary>Median compile time of a set of modules on one engine.</summary>
public sealed record CompileTiming(long Bytes, double Ms)
{
    /// <summary>Milliseconds per MiB of module bytes.</summary>
    public double MsPerMB => Bytes == 0 ? 0 : Ms / (Bytes / 1048576.0);
}
