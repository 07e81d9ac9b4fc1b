namespace PluginHost.Wasm.Wast;

/// <summary>The wast2json converter is not installed (or not at the configured path).</summary>
public sealed class WastConverterNotFoundException : Exception
{
    /// <summary>Creates the error.</summary>
    public WastConverterNotFoundException(string message) : base(message) { }
}
