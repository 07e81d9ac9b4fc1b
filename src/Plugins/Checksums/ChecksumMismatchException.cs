namespace PluginHost.Plugins.Checksums;

/// <summary>The hash of a downloaded file differs from the expected one.</summary>
public sealed class ChecksumMismatchException : ChecksumException
{
    /// <summary>Creates the exception for <paramref name="filePath"/> with the expected and actual hex hashes.</summary>
    public ChecksumMismatchException(string filePath, ChecksumAlgorithm algorithm, string expected, string actual)
        : base($"Checksum mismatch for '{filePath}' ({algorithm}): expected {expected}, actual {actual}.")
    {
        FilePath = filePath;
        Algorithm = algorithm;
        Expected = expected;
        Actual = actual;
    }

    /// <summary>The file whose hash was checked.</summary>
    public string FilePath { get; }

    /// <summary>The hash algorithm used.</summary>
    public ChecksumAlgorithm Algorithm { get; }

    /// <summary>The expected hash, lowercase hex.</summary>
    public string Expected { get; }

    /// <summary>The computed hash, lowercase hex.</summary>
    public string Actual { get; }
}
