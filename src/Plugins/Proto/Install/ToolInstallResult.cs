namespace PluginHost.Plugins.Proto.Install;

/// <summary>An installed tool version.</summary>
/// <param name="ToolId">The tool id.</param>
/// <param name="ToolName">The name register_tool gave.</param>
/// <param name="Version">The resolved version.</param>
/// <param name="InstallDir">Where it was installed.</param>
/// <param name="Executables">Executables by name, as absolute paths.</param>
/// <param name="LinkedBins">Links created in the bin directory.</param>
/// <param name="ReusedDownload">Whether an already verified cached download was reused.</param>
/// <param name="NativeInstall">Whether native_install did the install.</param>
/// <param name="AlreadyInstalled">Whether the version was found installed (no download, no hooks; bins relinked).</param>
/// <param name="DetectedFrom">The version file the requirement came from, when none was requested.</param>
public sealed record ToolInstallResult(
    string ToolId,
    string ToolName,
    string Version,
    string InstallDir,
    IReadOnlyDictionary<string, string> Executables,
    IReadOnlyList<string> LinkedBins,
    bool ReusedDownload,
    bool NativeInstall,
    bool AlreadyInstalled,
    string? DetectedFrom = null);
