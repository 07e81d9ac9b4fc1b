using System.Text.Json.Serialization;

namespace PluginHost.Actors.Installs;

/// <summary>The result of a proto-install step.</summary>
public sealed record ProtoInstallStepResult
{
    /// <summary>The tool id.</summary>
    [JsonPropertyName("tool")] public string Tool { get; init; } = "";
    /// <summary>The installed version.</summary>
    [JsonPropertyName("version")] public string Version { get; init; } = "";
    /// <summary>The install directory.</summary>
    [JsonPropertyName("installDir")] public string InstallDir { get; init; } = "";
    /// <summary>Links created in the bin directory.</summary>
    [JsonPropertyName("bins")] public IReadOnlyList<string> Bins { get; init; } = [];
    /// <summary>Whether a verified cached download was reused.</summary>
    [JsonPropertyName("reusedDownload")] public bool ReusedDownload { get; init; }
    /// <summary>Whether the version was already installed (only relinked).</summary>
    [JsonPropertyName("alreadyInstalled")] public bool AlreadyInstalled { get; init; }
    /// <summary>Bytes downloaded (or reused) for the archive.</summary>
    [JsonPropertyName("downloadedBytes")] public long DownloadedBytes { get; init; }
    /// <summary>The version file the version came from, when none was pinned or given.</summary>
    [JsonPropertyName("detectedFrom")] public string? DetectedFrom { get; init; }
}
