using System.Text.Json.Serialization;

namespace PluginHost.Plugins.Proto.Install;

/// <summary>Details of one installed version.</summary>
public sealed record ToolManifestVersion
{
    /// <summary>When it was installed (Unix milliseconds), 0 when unknown.</summary>
    [JsonPropertyName("installed_at")] public long InstalledAt { get; init; }
}
