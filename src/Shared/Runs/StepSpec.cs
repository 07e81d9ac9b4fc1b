using System.Text.Json.Serialization;

namespace PluginHost.Shared.Runs;

/// <summary>One plugin call of a work item.</summary>
/// <param name="Name">Name of the step, e.g. the export called.</param>
/// <param name="Plugin">Reference to the plugin: a content hash, a path or a URL.</param>
/// <param name="Input">The input handed to the plugin (JSON text or raw bytes); null means empty text.</param>
/// <param name="Limits">Resource limits of the step; null means the host's defaults.</param>
/// <param name="Kind">Which step executor runs the step (e.g. "wasi"); null means <see cref="DefaultKind"/>.</param>
public sealed record StepSpec(string Name, string Plugin, Payload? Input = null, StepLimits? Limits = null, string? Kind = null)
{
    /// <summary>The input handed to the plugin; empty text when the spec gives none.</summary>
    public Payload Input { get; init; } = Input ?? Payload.Empty;

    /// <summary>Resource limits of the step; the host's defaults when the spec gives none.</summary>
    public StepLimits Limits { get; init; } = Limits ?? StepLimits.Default;

    /// <summary>The kind of a step that names none: a WASI command module run to completion.</summary>
    public const string DefaultKind = "wasi";

    /// <summary>The step's kind, <see cref="DefaultKind"/> when none is given.</summary>
    [JsonIgnore]
    public string EffectiveKind => Kind ?? DefaultKind;
}
