namespace PluginHost.Plugins.Checksums;

/// <summary>A download could not be verified: unreadable checksum file, bad key, bad signature, etc.</summary>
public class ChecksumException : Exception
{
    /// <summary>Creates the exception with a message naming the file and what was expected.</summary>
    public ChecksumException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}
