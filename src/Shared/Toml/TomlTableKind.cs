namespace PluginHost.Shared.Toml;

/// <summary>How a table came to exist; decides which later definitions may extend it.</summary>
internal enum TomlTableKind
{
    /// <summary>Created only as a parent of a [header] or [[header]]; a later [header] may still define it.</summary>
    Implicit,

    /// <summary>Defined by a [header] or an element of [[header]].</summary>
    Header,

    /// <summary>Created by a dotted key; dotted keys of the same section and sub-table headers may extend it.</summary>
    Dotted,

    /// <summary>An inline table (or a table inside one): closed for good.</summary>
    Inline,
}
