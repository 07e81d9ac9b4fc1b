namespace PluginHost.Shared.Toml;

/// <summary>A TOML document could not be parsed; names the file, the 1-based line and column, and what was expected.</summary>
public sealed class TomlException : Exception
{
    /// <summary>Creates the error for a position in a named (or unnamed) input.</summary>
    public TomlException(string? fileName, int line, int column, string reason)
        : base($"{fileName ?? "<toml>"}:{line}:{column}: {reason}")
    {
        FileName = fileName;
        Line = line;
        Column = column;
        Reason = reason;
    }

    /// <summary>The file name given to the parser, or null when the text had none.</summary>
    public string? FileName { get; }

    /// <summary>The 1-based line of the error.</summary>
    public int Line { get; }

    /// <summary>The 1-based column (in characters) of the error.</summary>
    public int Column { get; }

    /// <summary>The message without the location prefix.</summary>
    public string Reason { get; }
}
