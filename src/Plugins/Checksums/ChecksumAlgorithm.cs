namespace PluginHost.Plugins.Checksums;

/// <summary>Hash algorithms a checksum file can use.</summary>
public enum ChecksumAlgorithm
{
    /// <summary>SHA-256, 64 hex digits.</summary>
    Sha256,

    /// <summary>SHA-512, 128 hex digits.</summary>
    Sha512,
}
