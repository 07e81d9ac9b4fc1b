using System.Text;

namespace PluginHost.Wasm.Text;

/// <summary>Kinds of atoms the lexer produces.</summary>
public enum AtomKind
{
    /// <summary>A keyword, number, or reserved token (a run of identifier characters not starting with $).</summary>
    Word,
    /// <summary>An identifier: $ followed by identifier characters.</summary>
    Id,
    /// <summary>A string literal (its bytes in <see cref="SExpr.Bytes"/>).</summary>
    String,
}

/// <summary>One node of the parenthesised text: a list of nodes, or an atom, with its position.</summary>
public sealed class SExpr
{
    /// <summary>Creates a list node.</summary>
    public SExpr(List<SExpr> items, int line, int column)
    {
        Items = items;
        Line = line;
        Column = column;
    }

    /// <summary>Creates an atom.</summary>
    public SExpr(AtomKind kind, string text, byte[]? bytes, int line, int column)
    {
        Kind = kind;
        Text = text;
        Bytes = bytes;
        Line = line;
        Column = column;
    }

    /// <summary>The children of a list, or null for an atom.</summary>
    public List<SExpr>? Items { get; }
    /// <summary>The kind of an atom.</summary>
    public AtomKind Kind { get; }
    /// <summary>The atom's text (for strings: the decoded bytes as UTF-8, lossy).</summary>
    public string Text { get; } = "";
    /// <summary>The decoded bytes of a string atom.</summary>
    public byte[]? Bytes { get; }
    /// <summary>1-based line.</summary>
    public int Line { get; }
    /// <summary>1-based column.</summary>
    public int Column { get; }

    /// <summary>True for a list node.</summary>
    public bool IsList => Items is not null;

    /// <summary>True for a list whose first item is the given keyword.</summary>
    public bool IsListOf(string keyword) => Items is { Count: > 0 } items && items[0].IsWord(keyword);

    /// <summary>True for a keyword atom with this text.</summary>
    public bool IsWord(string word) => Items is null && Kind == AtomKind.Word && Text == word;

    /// <summary>The keyword heading a list, or null.</summary>
    public string? Head => Items is { Count: > 0 } items && items[0].Items is null && items[0].Kind == AtomKind.Word ? items[0].Text : null;

    /// <summary>An error located at this node.</summary>
    public WatParseException Error(string reason) => new(reason, Line, Column);

    /// <summary>Short text of the node for messages.</summary>
    public override string ToString() => Items is null ? (Kind == AtomKind.String ? $"\"{Text}\"" : Text) : $"({Head ?? "..."} ...)";

    /// <summary>The string's bytes as strict UTF-8 (names must be valid UTF-8).</summary>
    public string Utf8Name()
    {
        if (Kind != AtomKind.String || Bytes is null) throw Error($"expected a string, found {this}");
        try { return new UTF8Encoding(false, true).GetString(Bytes); }
        catch (DecoderFallbackException) { throw Error("malformed UTF-8 encoding"); }
    }
}
