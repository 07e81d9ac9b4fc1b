using System.Text.Json.Serialization;

namespace PluginHost.Actors.Installs;

/// <summary>A "progress" output of a proto-install step: the installer phase and downloaded bytes.</summary>
/// <param name="Phase">The phase name (Registering, Downloading, ...).</param>
/// <param name="Bytes">Bytes downloaded so far.</param>
/// <param name="Total">Total bytes, when known.</param>
public sealed record ProtoInstallProgress(
    [property: JsonPropertyName("phase")] string Phase,
    [property: JsonPropertyName("bytes")] long Bytes,
    [property: JsonPropertyName("total")] long? Total);
