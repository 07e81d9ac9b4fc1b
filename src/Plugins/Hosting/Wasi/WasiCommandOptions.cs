using Wasmtime;

namespace PluginHost.Plugins.Hosting.Wasi;

/// <summary>A host directory a WASI guest sees at <paramref name="Guest"/>; <paramref name="ReadOnly"/> forbids writes.</summary>
public sealed record WasiPreopen(string Host, string Guest, bool ReadOnly);

/// <summary>How to run one WASI preview1 command: argv, environment, preopens, stdio and the store's limits.</summary>
public sealed record WasiCommandOptions
{
    /// <summary>The name used in messages (usually the file name).</summary>
    public required string Name { get; init; }

    /// <summary>The whole argv, argv[0] included.</summary>
    public IReadOnlyList<string> Args { get; init; } = [];

    /// <summary>Environment variables (nothing of the host's is inherited).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Env { get; init; } = [];

    /// <summary>Directories the guest may open.</summary>
    public IReadOnlyList<WasiPreopen> Preopens { get; init; } = [];

    /// <summary>A file read as stdin (null: empty stdin unless <see cref="InheritStdio"/>).</summary>
    public string? StdinFile { get; init; }

    /// <summary>Use the host process's stdin, stdout and stderr where no file or callback is given.</summary>
    public bool InheritStdio { get; init; }

    /// <summary>Receives stdout bytes (null: discarded unless <see cref="InheritStdio"/>).</summary>
    public WasiOutputCallback? Stdout { get; init; }

    /// <summary>Receives stderr bytes (null: discarded unless <see cref="InheritStdio"/>).</summary>
    public WasiOutputCallback? Stderr { get; init; }

    /// <summary>Largest linear memory (null: the engine's maximum).</summary>
    public long? MemoryBytes { get; init; }

    /// <summary>Time the guest may run before it is interrupted (null: no limit).</summary>
    public TimeSpan? ComputeTime { get; init; }

    /// <summary>Fuel units (only on an engine that meters fuel; null: unlimited).</summary>
    public ulong? Fuel { get; init; }

    /// <summary>Interrupts the guest (at the next epoch tick) when cancelled.</summary>
    public CancellationToken Cancellation { get; init; }
}
