namespace PluginHost.Bench.Kernels;

/// <summary>One kernel timed on one engine: median and fastest run, in milliseconds.</summary>
public sealed record KernelTiming(string Kernel, int N, int Checksum, double Ms, double MinMs, int Runs);
