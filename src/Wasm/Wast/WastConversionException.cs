namespace PluginHost.Wasm.Wast;

/// <summary>wast2json could not convert a .wast file (it failed to parse it or crashed).</summary>
public sealed class WastConversionException : Exception
{
    /// <summary>Creates the error.</summary>
    public WastConversionException(string path, string message) : base(message) => SourcePath = path;

    /// <summary>The .wast file that failed to convert.</summary>
    public string SourcePath { get; }
}
