namespace PluginHost.Wasm.Binary;

/// <summary>Section ids of the binary format.</summary>
public enum SectionId : byte
{
    /// <summary>Custom section (name and raw payload), allowed anywhere.</summary>
    Custom = 0,
    /// <summary>Function types.</summary>
    Type = 1,
    /// <summary>Imports.</summary>
    Import = 2,
    /// <summary>Type indices of defined functions.</summary>
    Function = 3,
    /// <summary>Defined tables.</summary>
    Table = 4,
    /// <summary>Defined memories.</summary>
    Memory = 5,
    /// <summary>Defined globals.</summary>
    Global = 6,
    /// <summary>Exports.</summary>
    Export = 7,
    /// <summary>Start function.</summary>
    Start = 8,
    /// <summary>Element segments.</summary>
    Element = 9,
    /// <summary>Function bodies.</summary>
    Code = 10,
    /// <summary>Data segments.</summary>
    Data = 11,
    /// <summary>Number of data segments (comes before the code section).</summary>
    DataCount = 12,
}

/// <summary>Helpers on <see cref="SectionId"/>.</summary>
public static class SectionIds
{
    /// <summary>The section's name as used in error messages, e.g. "code".</summary>
    public static string Name(this SectionId id) => id switch
    {
        SectionId.Custom => "custom",
        SectionId.Type => "type",
        SectionId.Import => "import",
        SectionId.Function => "function",
        SectionId.Table => "table",
        SectionId.Memory => "memory",
        SectionId.Global => "global",
        SectionId.Export => "export",
        SectionId.Start => "start",
        SectionId.Element => "element",
        SectionId.Code => "code",
        SectionId.Data => "data",
        SectionId.DataCount => "data count",
        _ => $"unknown ({(byte)id})",
    };

    /// <summary>Position of a non-custom section in the required order (data count sits between element and code).</summary>
    public static int OrderRank(this SectionId id) => id switch
    {
        SectionId.DataCount => 10, // after Element (9), before Code
        SectionId.Code => 11,
        SectionId.Data => 12,
        _ => (int)id,
    };
}
