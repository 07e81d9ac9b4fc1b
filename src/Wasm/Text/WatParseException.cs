namespace PluginHost.Wasm.Text;

/// <summary>Text that is not a well-formed WebAssembly module or script, with the line and column of the problem.</summary>
public sealed class WatParseException : Exception
{
    /// <summary>Creates the error; the message is prefixed with line:column.</summary>
    public WatParseException(string reason, int line, int column)
        : base($"{line}:{column}: {reason}")
    {
        Reason = reason;
        Line = line;
        Column = column;
    }

    /// <summary>What was wrong, without location.</summary>
    public string Reason { get; }
    /// <summary>1-based line of the problem.</summary>
    public int Line { get; }
    /// <summary>1-based column of the problem.</summary>
    public int Column { get; }
}
