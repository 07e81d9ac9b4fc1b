namespace PluginHost.Wasm.Text;

/// <summary>Reads the items of one list (or a top-level sequence) in order.</summary>
public sealed class Cursor
{
    private readonly List<SExpr> _items;
    private readonly SExpr? _owner;

    /// <summary>Reads items from start on; owner locates errors at the end.</summary>
    public Cursor(List<SExpr> items, int start, SExpr? owner)
    {
        _items = items;
        Position = start;
        _owner = owner;
    }

    /// <summary>Reads the items of a list node after its head keyword.</summary>
    public static Cursor After(SExpr list, int skip = 1) => new(list.Items!, skip, list);

    /// <summary>Index of the next item.</summary>
    public int Position { get; set; }

    /// <summary>True when every item has been read.</summary>
    public bool AtEnd => Position >= _items.Count;

    /// <summary>The next item, or null at the end.</summary>
    public SExpr? Peek(int ahead = 0) => Position + ahead < _items.Count ? _items[Position + ahead] : null;

    /// <summary>Consumes the next item; throws when there is none.</summary>
    public SExpr Next() => Position < _items.Count ? _items[Position++] : throw EndError("unexpected token: the list ends too early");

    /// <summary>An error located at the next item or the end of the list.</summary>
    public WatParseException EndError(string reason) =>
        Peek() is { } next ? next.Error(reason) : _owner is not null ? _owner.Error(reason) : new WatParseException(reason, 0, 0);

    /// <summary>True (and consumed) when the next item is the keyword.</summary>
    public bool TakeWord(string word)
    {
        if (Peek() is { } n && n.IsWord(word)) { Position++; return true; }
        return false;
    }

    /// <summary>The next item's identifier text (consumed), or null when it is not an identifier.</summary>
    public string? TakeId()
    {
        if (Peek() is { IsList: false, Kind: AtomKind.Id } n) { Position++; return n.Text; }
        return null;
    }

    /// <summary>True when the next item is a list headed by the keyword.</summary>
    public bool NextIsList(string keyword) => Peek() is { } n && n.IsListOf(keyword);

    /// <summary>Throws unless every item has been read.</summary>
    public void ExpectEnd()
    {
        if (!AtEnd) throw Peek()!.Error($"unexpected token {Peek()}");
    }
}
