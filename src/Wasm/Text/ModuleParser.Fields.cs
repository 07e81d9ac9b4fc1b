namespace PluginHost.Wasm.Text;

public sealed partial class ModuleParser
{
    private void DeclareImport(SExpr f)
    {
        CheckImportOrder(f);
        var c = Cursor.After(f);
        _imports.Name(Encoding(c.Next()));
        _imports.Name(Encoding(c.Next()));
        var desc = c.Next();
        c.ExpectEnd();
        var d = Cursor.After(desc);
        var id = d.TakeId();
        switch (desc.Head)
        {
            case "func":
                _funcs.Add(id, desc);
                _imports.Byte(0);
                var type = ParseTypeUse(d, allowNames: true, out _);
                _imports.U32((uint)type);
                _funcTypes.Add(type);
                break;
            case "table":
                _tables.Add(id, desc);
                _imports.Byte(1);
                TableType(d, _imports);
                break;
            case "memory":
                _mems.Add(id, desc);
                _imports.Byte(2);
                Limits(d, _imports);
                break;
            case "global":
                _globals.Add(id, desc);
                _imports.Byte(3);
                GlobalType(d.Next(), _imports);
                break;
            default: throw Unexpected(desc, "expected an import description");
        }
        d.ExpectEnd();
        _importCount++;
    }

    private void DeclareFunc(SExpr f)
    {
        var c = Cursor.After(f);
        var id = c.TakeId();
        var index = _funcs.Add(id, f);
        AddExports(InlineExports(c), 0, index);
        if (InlineImport(c))
        {
            _imports.Byte(0);
            var t = ParseTypeUse(c, allowNames: true, out _);
            c.ExpectEnd();
            _imports.U32((uint)t);
            _funcTypes.Add(t);
            return;
        }
        NoteDefinition("function");
        var type = ParseTypeUse(c, allowNames: true, out var names);
        _funcTypes.Add(type);
        _funcDefs.Add(new FuncDef(f, type, names, c.Position));
    }

    private void DeclareTable(SExpr f)
    {
        var c = Cursor.After(f);
        var id = c.TakeId();
        var index = _tables.Add(id, f);
        AddExports(InlineExports(c), 1, index);
        if (InlineImport(c))
        {
            _imports.Byte(1);
            TableType(c, _imports);
            c.ExpectEnd();
            return;
        }
        NoteDefinition("table");
        _tableCount++;
        if (c.Peek() is { } t && IsRefType(t))
        {
            // (table reftype (elem ...)): a table exactly as large as its inline element segment.
            var refType = ValType(c.Next());
            var elem = c.Next();
            c.ExpectEnd();
            if (!elem.IsListOf("elem")) throw Unexpected(elem, "expected (elem ...)");
            var ec = Cursor.After(elem);
            var items = new List<SExpr>();
            var funcIndices = ec.Peek() is { } first && !first.IsList;
            while (!ec.AtEnd) items.Add(ec.Next());
            _elems.Add(null, elem);
            var offset = new SExpr([new SExpr(AtomKind.Word, "i32.const", null, elem.Line, elem.Column), new SExpr(AtomKind.Word, "0", null, elem.Line, elem.Column)], elem.Line, elem.Column);
            _elemDefs.Add(new ElemDef(elem, null, index, offset, refType, items, funcIndices, "active"));
            _tableSection.Byte(refType);
            _tableSection.Byte(1);
            _tableSection.U32((uint)items.Count);
            _tableSection.U32((uint)items.Count);
            return;
        }
        TableType(c, _tableSection);
        c.ExpectEnd();
    }

    private void DeclareMemory(SExpr f)
    {
        var c = Cursor.After(f);
        var id = c.TakeId();
        var index = _mems.Add(id, f);
        AddExports(InlineExports(c), 2, index);
        if (InlineImport(c))
        {
            _imports.Byte(2);
            Limits(c, _imports);
            c.ExpectEnd();
            return;
        }
        NoteDefinition("memory");
        _memCount++;
        if (c.NextIsList("data"))
        {
            var data = c.Next();
            c.ExpectEnd();
            var dc = Cursor.After(data);
            var strings = new List<SExpr>();
            long size = 0;
            while (!dc.AtEnd)
            {
                var s = dc.Next();
                if (s.IsList || s.Kind != AtomKind.String) throw Unexpected(s, "expected a string");
                strings.Add(s);
                size += s.Bytes!.Length;
            }
            var pages = (uint)((size + 65535) / 65536);
            _datas.Add(null, data);
            var offset = new SExpr([new SExpr(AtomKind.Word, "i32.const", null, data.Line, data.Column), new SExpr(AtomKind.Word, "0", null, data.Line, data.Column)], data.Line, data.Column);
            _dataDefs.Add(new DataDef(data, null, index, offset, strings, false));
            _memSection.Byte(1);
            _memSection.U32(pages);
            _memSection.U32(pages);
            return;
        }
        Limits(c, _memSection);
        c.ExpectEnd();
    }

    private void DeclareGlobal(SExpr f)
    {
        var c = Cursor.After(f);
        var id = c.TakeId();
        var index = _globals.Add(id, f);
        AddExports(InlineExports(c), 3, index);
        if (InlineImport(c))
        {
            _imports.Byte(3);
            GlobalType(c.Next(), _imports);
            c.ExpectEnd();
            return;
        }
        NoteDefinition("global");
        var typeNode = c.Next();
        var (type, mutable) = ParseGlobalType(typeNode);
        _globalDefs.Add(new GlobalDef(f, type, mutable, c.Position));
    }

    private static (byte Type, bool Mutable) ParseGlobalType(SExpr t)
    {
        if (t.IsListOf("mut"))
        {
            var m = Cursor.After(t);
            var type = ValType(m.Next());
            m.ExpectEnd();
            return (type, true);
        }
        return (ValType(t), false);
    }

    private static void GlobalType(SExpr t, ByteWriter w)
    {
        var (type, mutable) = ParseGlobalType(t);
        w.Byte(type);
        w.Byte(mutable ? (byte)1 : (byte)0);
    }

    private static void TableType(Cursor c, ByteWriter w)
    {
        var limits = new ByteWriter();
        Limits(c, limits);
        w.Byte(ValType(c.Next()));
        w.Append(limits);
    }

    private static void Limits(Cursor c, ByteWriter w)
    {
        var min = LimitNumber(c.Next());
        if (c.Peek() is { IsList: false, Kind: AtomKind.Word } next && Numbers.LooksUnsigned(next.Text))
        {
            var max = LimitNumber(c.Next());
            w.Byte(1);
            w.U32(min);
            w.U32(max);
            return;
        }
        w.Byte(0);
        w.U32(min);
    }

    private static uint LimitNumber(SExpr x)
    {
        if (x.IsList || x.Kind != AtomKind.Word || !Numbers.LooksUnsigned(x.Text)) throw Unexpected(x, "expected a number");
        return Numbers.Unsigned(x.Text, uint.MaxValue) is { } n ? (uint)n : throw x.Error("i32 constant out of range");
    }

    private void DeclareElem(SExpr f)
    {
        var c = Cursor.After(f);
        var id = c.TakeId();
        _elems.Add(id, f);
        var mode = "passive";
        SExpr? tableNode = null;
        SExpr? offset = null;
        if (c.TakeWord("declare")) mode = "declare";
        else
        {
            if (c.NextIsList("table")) tableNode = c.Next();
            if (c.Peek() is { IsList: true } o && !o.IsListOf("item"))
            {
                offset = c.Next();
                mode = "active";
            }
            else if (tableNode is not null) throw c.EndError("unexpected token: expected an offset");
        }
        var items = new List<SExpr>();
        if (c.TakeWord("func") || (mode == "active" && (c.AtEnd || IsIndex(c.Peek()))))
        {
            while (!c.AtEnd) items.Add(c.Next());
            _elemDefs.Add(new ElemDef(f, tableNode, null, offset, 0x70, items, true, mode));
            return;
        }
        var refType = ValType(c.Next());
        if (!(refType is 0x70 or 0x6F)) throw f.Error("unexpected token: expected a reference type");
        while (!c.AtEnd)
        {
            var item = c.Next();
            if (!item.IsList) throw Unexpected(item, "expected an element expression");
            items.Add(item);
        }
        _elemDefs.Add(new ElemDef(f, tableNode, null, offset, refType, items, false, mode));
    }

    private void DeclareData(SExpr f)
    {
        var c = Cursor.After(f);
        var id = c.TakeId();
        _datas.Add(id, f);
        SExpr? memoryNode = null;
        SExpr? offset = null;
        var passive = true;
        if (c.NextIsList("memory"))
        {
            memoryNode = c.Next();
            if (c.Peek() is not { IsList: true }) throw c.EndError("unexpected token: expected an offset");
        }
        if (c.Peek() is { IsList: true })
        {
            offset = c.Next();
            passive = false;
        }
        var strings = new List<SExpr>();
        while (!c.AtEnd)
        {
            var s = c.Next();
            if (s.IsList || s.Kind != AtomKind.String) throw Unexpected(s, "expected a string");
            strings.Add(s);
        }
        _dataDefs.Add(new DataDef(f, memoryNode, null, offset, strings, passive));
    }
}
