namespace PluginHost.Wasm;

/// <summary>Whether a rejected module was not well-formed binary or failed validation.</summary>
public enum ModuleErrorKind
{
    /// <summary>The bytes are not a well-formed binary module (spec: malformed).</summary>
    Malformed,
    /// <summary>The module is well-formed but fails validation (spec: invalid).</summary>
    Invalid,
}

/// <summary>A module that could not be decoded or validated, with where it failed.</summary>
public sealed class WasmModuleException : Exception
{
    /// <summary>Creates the error; the message is prefixed with the location.</summary>
    public WasmModuleException(ModuleErrorKind kind, string reason, long offset, string? section = null, int? functionIndex = null)
        : base(Format(reason, offset, section, functionIndex))
    {
        Kind = kind;
        Reason = reason;
        Offset = offset;
        Section = section;
        FunctionIndex = functionIndex;
    }

    /// <summary>Malformed or invalid.</summary>
    public ModuleErrorKind Kind { get; }
    /// <summary>What was wrong, without location (spec wording where one exists, e.g. "type mismatch").</summary>
    public string Reason { get; }
    /// <summary>Byte offset in the module where the problem was found.</summary>
    public long Offset { get; }
    /// <summary>Section name (e.g. "code"), when known.</summary>
    public string? Section { get; }
    /// <summary>Function index (in the function index space), when the problem is inside a function body.</summary>
    public int? FunctionIndex { get; }

    private static string Format(string reason, long offset, string? section, int? functionIndex)
    {
        var where = $"at byte offset 0x{offset:x}";
        if (functionIndex is { } f) where = $"in function {f}, {where}";
        if (section is not null) where = $"in {section} section, {where}";
        return $"{reason} ({where})";
    }
}

/// <summary>An import that could not be resolved, or resolved to something of the wrong type.</summary>
public sealed class WasmLinkException : Exception
{
    /// <summary>Creates the error.</summary>
    public WasmLinkException(string message) : base(message) { }
}
