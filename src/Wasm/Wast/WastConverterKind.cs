namespace PluginHost.Wasm.Wast;

/// <summary>How a <see cref="WastRunner"/> turns .wast text into modules and commands.</summary>
public enum WastConverterKind
{
    /// <summary>Our own text-format parser (PluginHost.Wasm.Text); needs no external tool.</summary>
    TextParser,
    /// <summary>Debian's wast2json (wabt), run as a process with its output cached.</summary>
    Wast2Json,
}
