namespace PluginHost.Plugins.Proto.Install;

/// <summary>The steps of an install, in order.</summary>
public enum ToolInstallPhase
{
    /// <summary>Loading the plugin and calling register_tool.</summary>
    Registering,
    /// <summary>load_versions / resolve_version.</summary>
    ResolvingVersion,
    /// <summary>pre_install hook and native_install.</summary>
    Preparing,
    /// <summary>Downloading the prebuilt archive and its checksum.</summary>
    Downloading,
    /// <summary>Checking the download.</summary>
    Verifying,
    /// <summary>Unpacking into the install directory.</summary>
    Unpacking,
    /// <summary>locate_executables and linking bins.</summary>
    Linking,
    /// <summary>post_install hook.</summary>
    Finishing,
    /// <summary>Installed.</summary>
    Done,
}

/// <summary>Progress of an install: the phase and, while downloading, bytes so far and in total (null when unknown).</summary>
/// <param name="Phase">The current phase.</param>
/// <param name="DownloadedBytes">Bytes downloaded so far.</param>
/// <param name="TotalBytes">Total bytes, when known.</param>
/// <param name="Message">What is happening, for display.</param>
public sealed record ToolInstallProgress(ToolInstallPhase Phase, long DownloadedBytes = 0, long? TotalBytes = null, string? Message = null);
