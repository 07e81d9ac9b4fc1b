using PluginHost.Wasm.Wasi;
namespace PluginHost.Wasm.Wasi2;

/// <summary>A host directory made visible to the guest (always read-only) under a guest path.</summary>
public sealed record Wasi2Preopen(string HostPath, string GuestPath);

/// <summary>What a WASI 0.2 guest sees: arguments, environment, read-only preopened directories and stdio.</summary>
public sealed record Wasi2Config
{
    /// <summary>Command-line arguments (argv[0] first, if any).</summary>
    public IReadOnlyList<string> Args { get; init; } = [];
    /// <summary>Environment variables.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Env { get; init; } = [];
    /// <summary>Read-only preopened directories.</summary>
    public IReadOnlyList<Wasi2Preopen> Preopens { get; init; } = [];
    /// <summary>Bytes the guest reads from stdin (empty = immediate end of stream).</summary>
    public byte[] Stdin { get; init; } = [];
    /// <summary>Where stdout goes.</summary>
    public OutputSink Stdout { get; init; } = OutputSink.Discard("stdout");
    /// <summary>Where stderr goes.</summary>
    public OutputSink Stderr { get; init; } = OutputSink.Discard("stderr");
    /// <summary>Initial working directory reported by wasi:cli/environment.initial-cwd (null = none).</summary>
    public string? InitialCwd { get; init; }
    /// <summary>Seed for wasi:random/insecure (null = from the clock); secure random always uses the OS generator.</summary>
    public ulong? InsecureSeed { get; init; }
}
