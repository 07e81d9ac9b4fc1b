namespace PluginHost.Wasm.Components;

/// <summary>A component that could not be decoded, validated or instantiated, with where it failed.</summary>
public sealed class ComponentException : Exception
{
    /// <summary>Creates the error; the message names the section and byte offset when known.</summary>
    public ComponentException(string reason, long offset = -1, string? section = null, Exception? inner = null)
        : base(Format(reason, offset, section), inner)
    {
        Reason = reason;
        Offset = offset;
        Section = section;
    }

    /// <summary>What was wrong, without location.</summary>
    public string Reason { get; }
    /// <summary>Byte offset in the component binary, or -1 when not about the binary.</summary>
    public long Offset { get; }
    /// <summary>The component section (e.g. "type", "canon"), when known.</summary>
    public string? Section { get; }

    private static string Format(string reason, long offset, string? section)
    {
        if (offset < 0) return reason;
        var where = $"at byte offset 0x{offset:x}";
        if (section is not null) where = $"in {section} section, {where}";
        return $"{reason} ({where})";
    }
}
