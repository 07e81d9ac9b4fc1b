namespace PluginHost.Wasm.Wast;

/// <summary>Settings of a <see cref="WastRunner"/>.</summary>
public sealed record WastRunnerOptions
{
    /// <summary>The engine that compiles the scripts' modules; a new default engine when null.</summary>
    public Engine? Engine { get; init; }
    /// <summary>Where the spectest print functions write; discarded when null.</summary>
    public TextWriter? PrintOutput { get; init; }
    /// <summary>Path of wast2json; searched on PATH when null.</summary>
    public string? ConverterPath { get; init; }
    /// <summary>Where conversions are cached by content hash; a folder under the temp directory when null.</summary>
    public string? CacheDirectory { get; init; }
    /// <summary>How long one command may run before it and the rest of its file are abandoned and counted as failed.</summary>
    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromMinutes(1);
    /// <summary>Whether a malformed/invalid module must also be rejected for the spec's reason (its text), not just rejected.</summary>
    public bool StrictModuleErrors { get; init; }
}
