namespace PluginHost.Wasm.Components;

/// <summary>String encoding of canonical options.</summary>
public enum StringEncoding
{
    /// <summary>UTF-8</summary>
    Utf8,
    /// <summary>UTF-16 (little endian)</summary>
    Utf16,
    /// <summary>latin1 or UTF-16, tagged per string</summary>
    Latin1Utf16,
}
