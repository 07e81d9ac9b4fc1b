using System.Buffers;
using System.Text.Unicode;

namespace PluginHost.Shared.Toml;

/// <summary>Entry point for reading TOML 1.0 documents (1.1 additions such as \e, \x, optional seconds and multi-line inline tables are rejected).</summary>
public static class TomlDocument
{
    /// <summary>Parses TOML text into its root table; throws TomlException naming file, line and column on bad input.</summary>
    public static TomlTable Parse(string text, string? fileName = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new TomlParser(text, fileName).ParseDocument();
    }

    /// <summary>Parses UTF-8 bytes (an optional BOM is skipped); invalid UTF-8 is a TomlException at the offending byte.</summary>
    public static TomlTable Parse(ReadOnlySpan<byte> utf8, string? fileName = null)
    {
        var chars = new char[utf8.Length];
        var status = Utf8.ToUtf16(utf8, chars, out var bytesRead, out var charsWritten, replaceInvalidSequences: false);
        if (status != OperationStatus.Done)
        {
            var (line, column) = TomlParser.LineAndColumn(chars.AsSpan(0, charsWritten), charsWritten);
            throw new TomlException(fileName, line, column, $"invalid UTF-8 byte sequence at byte offset {bytesRead}; TOML files must be valid UTF-8");
        }
        return Parse(new string(chars, 0, charsWritten), fileName);
    }

    /// <summary>Reads and parses a TOML file; the path is used as the file name in errors.</summary>
    public static async Task<TomlTable> LoadAsync(string path, CancellationToken cancellationToken = default)
    {
        var bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        return Parse(bytes, path);
    }

    /// <summary>Reads and parses a TOML file synchronously; the path is used as the file name in errors.</summary>
    public static TomlTable Load(string path) => Parse(File.ReadAllBytes(path), path);
}
