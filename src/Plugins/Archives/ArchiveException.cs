namespace PluginHost.Plugins.Archives;

/// <summary>An archive could not be unpacked: unknown format, corrupt or truncated data, unsupported entry.</summary>
public class ArchiveException : Exception
{
    /// <summary>Creates the exception with a message naming the archive and what was expected.</summary>
    public ArchiveException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}
