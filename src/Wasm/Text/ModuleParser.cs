namespace PluginHost.Wasm.Text;

/// <summary>Turns a text-format module into binary module bytes (names resolved, abbreviations expanded).</summary>
public sealed partial class ModuleParser
{
    private sealed record FuncSig(byte[] Params, byte[] Results)
    {
        public bool SameAs(FuncSig other) => Params.AsSpan().SequenceEqual(other.Params) && Results.AsSpan().SequenceEqual(other.Results);
    }

    private sealed record FuncDef(SExpr Node, int TypeIndex, List<string?> ParamNames, int BodyStart);

    private sealed record GlobalDef(SExpr Node, byte Type, bool Mutable, int InitStart);

    private sealed record ElemDef(SExpr Node, SExpr? TableNode, int? TableIndex, SExpr? Offset, byte RefType, List<SExpr> Items, bool FuncIndices, string Mode);

    private sealed record DataDef(SExpr Node, SExpr? MemoryNode, int? MemoryIndex, SExpr? Offset, List<SExpr> Strings, bool Passive);

    private sealed class Space(string kind)
    {
        public readonly Dictionary<string, int> Names = new(StringComparer.Ordinal);
        public int Count;

        public int Add(string? id, SExpr at)
        {
            if (id is not null && !Names.TryAdd(id, Count)) throw at.Error($"duplicate {kind} {id}");
            return Count++;
        }
    }

    private readonly List<FuncSig> _types = [];
    private readonly Space _typeSpace = new("type");
    private readonly Space _funcs = new("func");
    private readonly Space _tables = new("table");
    private readonly Space _mems = new("memory");
    private readonly Space _globals = new("global");
    private readonly Space _elems = new("elem");
    private readonly Space _datas = new("data");

    private readonly ByteWriter _imports = new();
    private int _importCount;
    private readonly List<int> _funcTypes = [];
    private readonly List<FuncDef> _funcDefs = [];
    private readonly ByteWriter _tableSection = new();
    private int _tableCount;
    private readonly ByteWriter _memSection = new();
    private int _memCount;
    private readonly List<GlobalDef> _globalDefs = [];
    private readonly List<(byte[] Name, byte Kind, SExpr Index, SExpr At)> _exports = [];
    private readonly List<(byte[] Name, byte Kind, int Index)> _inlineExports = [];
    private readonly List<ElemDef> _elemDefs = [];
    private readonly List<DataDef> _dataDefs = [];
    private SExpr? _start;
    private string? _firstDefinition;

    private ModuleParser() { }

    /// <summary>Encodes a module from its fields (the items after `module` and its optional name); throws <see cref="WatParseException"/>.</summary>
    public static byte[] Encode(List<SExpr> fields, int start)
    {
        var parser = new ModuleParser();
        return parser.Run(fields, start);
    }

    /// <summary>Encodes a module from source text: either one (module ...) or a bare sequence of module fields.</summary>
    public static byte[] EncodeText(string text)
    {
        var nodes = Lexer.Parse(text);
        if (nodes.Count == 1 && nodes[0].IsListOf("module"))
        {
            var items = nodes[0].Items!;
            var start = items.Count > 1 && items[1] is { IsList: false, Kind: AtomKind.Id } ? 2 : 1;
            if (items.Count > start && (items[start].IsWord("binary") || items[start].IsWord("quote")))
                throw items[start].Error("unexpected token: nested binary/quote module");
            return Encode(items, start);
        }
        return Encode(nodes, 0);
    }

    private byte[] Run(List<SExpr> fields, int start)
    {
        for (var i = start; i < fields.Count; i++)
        {
            var f = fields[i];
            if (!f.IsList || f.Head is null) throw Unexpected(f, "expected a module field");
            if (f.Head == "type") DefineType(f);
        }
        for (var i = start; i < fields.Count; i++) Declare(fields[i]);
        return Emit();
    }

    private void Declare(SExpr f)
    {
        switch (f.Head)
        {
            case "type": break;
            case "import": DeclareImport(f); break;
            case "func": DeclareFunc(f); break;
            case "table": DeclareTable(f); break;
            case "memory": DeclareMemory(f); break;
            case "global": DeclareGlobal(f); break;
            case "export":
            {
                var c = Cursor.After(f);
                var name = c.Next();
                var desc = c.Next();
                c.ExpectEnd();
                var kind = desc.Head switch
                {
                    "func" => (byte)0,
                    "table" => (byte)1,
                    "memory" => (byte)2,
                    "global" => (byte)3,
                    _ => throw Unexpected(desc, "expected an export description"),
                };
                var dc = Cursor.After(desc);
                var index = dc.Next();
                dc.ExpectEnd();
                _exports.Add((Encoding(name), kind, index, desc));
                break;
            }
            case "start":
                if (_start is not null) throw f.Error("multiple start sections");
                _start = f;
                break;
            case "elem": DeclareElem(f); break;
            case "data": DeclareData(f); break;
            default: throw f.Error($"unexpected token: unknown module field {f.Head}");
        }
    }

    private static byte[] Encoding(SExpr name)
    {
        name.Utf8Name();
        return name.Bytes!;
    }

    private void DefineType(SExpr f)
    {
        var c = Cursor.After(f);
        var id = c.TakeId();
        var func = c.Next();
        c.ExpectEnd();
        if (!func.IsListOf("func")) throw Unexpected(func, "expected (func ...)");
        var fc = Cursor.After(func);
        var sig = ParseSignature(fc, allowNames: true, out _);
        fc.ExpectEnd();
        _typeSpace.Add(id, f);
        _types.Add(sig);
    }

    /// <summary>Parses (param ...)* (result ...)* into a signature.</summary>
    private FuncSig ParseSignature(Cursor c, bool allowNames, out List<string?> names)
    {
        names = [];
        var ps = new List<byte>();
        var rs = new List<byte>();
        while (c.NextIsList("param"))
        {
            var p = Cursor.After(c.Next());
            if (p.TakeId() is { } id)
            {
                if (!allowNames) throw p.EndError("unexpected token: named parameter");
                ps.Add(ValType(p.Next()));
                names.Add(id);
                p.ExpectEnd();
                continue;
            }
            while (!p.AtEnd)
            {
                ps.Add(ValType(p.Next()));
                names.Add(null);
            }
        }
        while (c.NextIsList("result"))
        {
            var r = Cursor.After(c.Next());
            while (!r.AtEnd) rs.Add(ValType(r.Next()));
        }
        if (c.NextIsList("param")) throw c.Peek()!.Error("unexpected token param: parameters must precede results");
        return new FuncSig([.. ps], [.. rs]);
    }

    /// <summary>Parses a type use: (type x)? params? results?; returns the type index.</summary>
    private int ParseTypeUse(Cursor c, bool allowNames, out List<string?> names)
    {
        int? explicitIndex = null;
        if (c.NextIsList("type"))
        {
            var t = c.Next();
            var tc = Cursor.After(t);
            explicitIndex = Resolve(_typeSpace, tc.Next(), "type");
            tc.ExpectEnd();
        }
        var at = c.Peek();
        var hasInline = c.NextIsList("param") || c.NextIsList("result");
        var sig = ParseSignature(c, allowNames, out names);
        if (explicitIndex is { } x)
        {
            // An out-of-range numeric index is left for validation to reject (invalid, not malformed).
            if (x >= _types.Count)
                return hasInline ? throw Located(at, c, $"unknown type {x}") : x;
            if (hasInline && !sig.SameAs(_types[x])) throw Located(at, c, "inline function type does not match its type use");
            if (!hasInline) names = [.. Enumerable.Repeat<string?>(null, _types[x].Params.Length)];
            return x;
        }
        return TypeIndexOf(sig);
    }

    /// <summary>An error for a node found where something else was expected; unknown words are unknown operators (the reference interpreter's wording).</summary>
    private static WatParseException Unexpected(SExpr x, string expected)
    {
        var unknown = !x.IsList && x.Kind == AtomKind.Word && !Keywords.Contains(x.Text) && InstructionTable.Find(x.Text) is null
            && !(x.Text.Length > 0 && (char.IsAsciiDigit(x.Text[0]) || x.Text[0] is '+' or '-') && Numbers.Integer(x.Text, 64) is not null);
        return x.Error(unknown ? $"unknown operator {x}: {expected}" : $"unexpected token {x}: {expected}");
    }

    private static WatParseException Located(SExpr? at, Cursor c, string reason) => at?.Error(reason) ?? c.EndError(reason);

    private int TypeIndexOf(FuncSig sig)
    {
        for (var i = 0; i < _types.Count; i++)
            if (_types[i].SameAs(sig)) return i;
        _types.Add(sig);
        _typeSpace.Count++;
        return _types.Count - 1;
    }

    private static byte ValType(SExpr t) => (byte)(t.IsList ? throw Unexpected(t, "expected a value type") : t.Text switch
    {
        _ when t.Kind != AtomKind.Word => throw Unexpected(t, "expected a value type"),
        "i32" => (byte)0x7F,
        "i64" => 0x7E,
        "f32" => 0x7D,
        "f64" => 0x7C,
        "v128" => 0x7B,
        "funcref" => 0x70,
        "externref" => 0x6F,
        _ => throw Unexpected(t, "expected a value type"),
    });

    private static bool IsRefType(SExpr t) => t.IsWord("funcref") || t.IsWord("externref");

    private int Resolve(Space space, SExpr x, string kind)
    {
        if (x.IsList) throw Unexpected(x, $"expected a {kind} index");
        if (x.Kind == AtomKind.Id)
            return space.Names.TryGetValue(x.Text, out var i) ? i : throw x.Error($"unknown {kind} {x.Text}");
        if (x.Kind == AtomKind.Word && Numbers.Unsigned(x.Text, uint.MaxValue) is { } n) return (int)(uint)n;
        throw Unexpected(x, $"expected a {kind} index");
    }

    private static bool IsIndex(SExpr? x) =>
        x is { IsList: false } && (x.Kind == AtomKind.Id || (x.Kind == AtomKind.Word && Numbers.LooksUnsigned(x.Text)));

    private void NoteDefinition(string kind) => _firstDefinition ??= kind;

    private void CheckImportOrder(SExpr at)
    {
        if (_firstDefinition is not null) throw at.Error($"import after {_firstDefinition}");
    }

    /// <summary>Reads (export "name")* after a definition's id.</summary>
    private List<byte[]> InlineExports(Cursor c)
    {
        var names = new List<byte[]>();
        while (c.NextIsList("export"))
        {
            var e = Cursor.After(c.Next());
            names.Add(Encoding(e.Next()));
            e.ExpectEnd();
        }
        return names;
    }

    /// <summary>Reads an inline (import "m" "n"), writing the module and field names; false when absent.</summary>
    private bool InlineImport(Cursor c)
    {
        if (!c.NextIsList("import")) return false;
        var node = c.Next();
        CheckImportOrder(node);
        var i = Cursor.After(node);
        _imports.Name(Encoding(i.Next()));
        _imports.Name(Encoding(i.Next()));
        i.ExpectEnd();
        _importCount++;
        return true;
    }

    private void AddExports(List<byte[]> names, byte kind, int index)
    {
        foreach (var n in names) _inlineExports.Add((n, kind, index));
    }
}
