namespace PluginHost.Plugins.Proto.Api;

/// <summary>Input of download_prebuilt.</summary>
public sealed record DownloadPrebuiltInput
{
    /// <summary>The current context.</summary>
    public required PluginContext Context { get; init; }
    /// <summary>The directory to install into (virtual).</summary>
    public required VirtualPath InstallDir { get; init; }
}

/// <summary>Output of download_prebuilt: what to download and how to check it.</summary>
public sealed record DownloadPrebuiltOutput
{
    /// <summary>The single top folder inside the archive that is stripped while unpacking.</summary>
    public string? ArchivePrefix { get; init; }
    /// <summary>An expected checksum: "sha256:HEX", "sha512:HEX", a bare hex hash, or "minisign:PUBLICKEY".</summary>
    public string? Checksum { get; init; }
    /// <summary>File name of the checksum file (default: from checksum_url).</summary>
    public string? ChecksumName { get; init; }
    /// <summary>Public key for signature checksums (older plugins; newer ones use checksum = "minisign:KEY").</summary>
    public string? ChecksumPublicKey { get; init; }
    /// <summary>URL of the checksum file or signature.</summary>
    public string? ChecksumUrl { get; init; }
    /// <summary>File name of the download (default: from download_url).</summary>
    public string? DownloadName { get; init; }
    /// <summary>URL of the archive or executable.</summary>
    public required string DownloadUrl { get; init; }
    /// <summary>HTTP headers sent with the downloads.</summary>
    public IReadOnlyDictionary<string, string>? HttpHeaders { get; init; }
    /// <summary>A script to run after install (not run by this host).</summary>
    public string? PostScript { get; init; }
}

/// <summary>Input of verify_checksum.</summary>
public sealed record VerifyChecksumInput
{
    /// <summary>The current context.</summary>
    public required PluginContext Context { get; init; }
    /// <summary>The downloaded checksum file (virtual).</summary>
    public required VirtualPath ChecksumFile { get; init; }
    /// <summary>The download's SHA-256 as "sha256:HEX".</summary>
    public string? DownloadChecksum { get; init; }
    /// <summary>The downloaded file (virtual).</summary>
    public required VirtualPath DownloadFile { get; init; }
}

/// <summary>Output of verify_checksum.</summary>
public sealed record VerifyChecksumOutput
{
    /// <summary>Whether the checksum matched.</summary>
    public required bool Verified { get; init; }
}

/// <summary>Input of unpack_archive (it has no output).</summary>
public sealed record UnpackArchiveInput
{
    /// <summary>The current context.</summary>
    public required PluginContext Context { get; init; }
    /// <summary>The downloaded file (virtual).</summary>
    public required VirtualPath InputFile { get; init; }
    /// <summary>The directory to unpack into (virtual).</summary>
    public required VirtualPath OutputDir { get; init; }
}
