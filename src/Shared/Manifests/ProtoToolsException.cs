namespace PluginHost.Shared.Manifests;

/// <summary>A .prototools file is malformed; names the file, the offending key (dotted path) and what was expected.</summary>
public sealed class ProtoToolsException : Exception
{
    /// <summary>Creates the error for a key of a file.</summary>
    public ProtoToolsException(string fileName, string? key, string reason, Exception? inner = null)
        : base(key == null ? $"{fileName}: {reason}" : $"{fileName}: {key}: {reason}", inner)
    {
        FileName = fileName;
        Key = key;
        Reason = reason;
    }

    /// <summary>The file that was read (or the name given to Parse).</summary>
    public string FileName { get; }

    /// <summary>The dotted key path of the bad entry, e.g. plugins.node; null for TOML syntax errors.</summary>
    public string? Key { get; }

    /// <summary>The message without file and key.</summary>
    public string Reason { get; }
}
