namespace PluginHost.Bench.Kernels;

/// <summary>One way to run the kernels' WASI command (or its native build) as a whole program: an executable and the
/// arguments before the kernel arguments.</summary>
/// <param name="Name">Name in the report.</param>
/// <param name="Exe">The executable.</param>
/// <param name="Prefix">Arguments before the KERNEL:N:REPS ones.</param>
public sealed record WholeProgramPeer(string Name, string Exe, IReadOnlyList<string> Prefix)
{
    /// <summary>Runs it once on <paramref name="kernelArg"/>: wall milliseconds and the output line.</summary>
    public (double Ms, string Line) Run(string kernelArg)
    {
        var (ms, stdout) = ProcessTimer.Run(Exe, [.. Prefix, kernelArg]);
        return (ms, stdout.Trim());
    }
}
