namespace PluginHost.Wasm.Wasi;

/// <summary>A host directory made visible to the guest at a guest path.</summary>
/// <param name="HostPath">Directory on the host.</param>
/// <param name="GuestPath">Path the guest sees (e.g. "." or "/data").</param>
/// <param name="ReadOnly">Whether the guest may only read.</param>
public sealed record Preopen(string HostPath, string GuestPath, bool ReadOnly);

/// <summary>What one store's WASI guest may see: arguments, environment, directories and standard streams.</summary>
public sealed record WasiConfig
{
    /// <summary>argv, including argv[0].</summary>
    public IReadOnlyList<string> Args { get; init; } = Array.Empty<string>();
    /// <summary>Environment variables, in order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Env { get; init; } = Array.Empty<KeyValuePair<string, string>>();
    /// <summary>Preopened directories, fds 3.. in order. None means no file access.</summary>
    public IReadOnlyList<Preopen> Preopens { get; init; } = Array.Empty<Preopen>();
    /// <summary>Guest stdin; null means empty (end of file at once).</summary>
    public Stream? Stdin { get; init; }
    /// <summary>Guest stdout; null discards.</summary>
    public OutputSink? Stdout { get; init; }
    /// <summary>Guest stderr; null discards.</summary>
    public OutputSink? Stderr { get; init; }
    /// <summary>Cancels blocking waits (poll_oneoff sleeps) when the host gives up on the guest.</summary>
    public CancellationToken Cancellation { get; init; }
}
