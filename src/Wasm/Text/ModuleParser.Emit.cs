namespace PluginHost.Wasm.Text;

public sealed partial class ModuleParser
{
    private byte[] Emit()
    {
        var code = new ByteWriter();
        code.U32((uint)_funcDefs.Count);
        foreach (var def in _funcDefs)
        {
            var body = EncodeFunction(def);
            code.Name(body.ToArray());
        }

        var globals = new ByteWriter();
        globals.U32((uint)_globalDefs.Count);
        foreach (var g in _globalDefs)
        {
            globals.Byte(g.Type);
            globals.Byte(g.Mutable ? (byte)1 : (byte)0);
            ConstExpr(new Cursor(g.Node.Items!, g.InitStart, g.Node), globals);
        }

        var exports = new ByteWriter();
        exports.U32((uint)(_exports.Count + _inlineExports.Count));
        foreach (var (name, kind, index) in _inlineExports)
        {
            exports.Name(name);
            exports.Byte(kind);
            exports.U32((uint)index);
        }
        foreach (var (name, kind, index, _) in _exports)
        {
            exports.Name(name);
            exports.Byte(kind);
            exports.U32((uint)Resolve(SpaceOf(kind), index, KindName(kind)));
        }

        var elems = new ByteWriter();
        elems.U32((uint)_elemDefs.Count);
        foreach (var e in _elemDefs) EncodeElem(e, elems);

        var datas = new ByteWriter();
        datas.U32((uint)_dataDefs.Count);
        foreach (var d in _dataDefs) EncodeData(d, datas);

        var module = new ByteWriter();
        module.Bytes([0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00]);
        var types = new ByteWriter();
        types.U32((uint)_types.Count);
        foreach (var t in _types)
        {
            types.Byte(0x60);
            types.Name(t.Params);
            types.Name(t.Results);
        }
        if (_types.Count > 0) module.Section(1, types);
        if (_importCount > 0)
        {
            var imports = new ByteWriter();
            imports.U32((uint)_importCount);
            imports.Append(_imports);
            module.Section(2, imports);
        }
        if (_funcDefs.Count > 0)
        {
            var funcs = new ByteWriter();
            funcs.U32((uint)_funcDefs.Count);
            foreach (var def in _funcDefs) funcs.U32((uint)def.TypeIndex);
            module.Section(3, funcs);
        }
        if (_tableCount > 0) module.Section(4, Counted(_tableCount, _tableSection));
        if (_memCount > 0) module.Section(5, Counted(_memCount, _memSection));
        if (_globalDefs.Count > 0) module.Section(6, globals);
        if (_exports.Count + _inlineExports.Count > 0) module.Section(7, exports);
        if (_start is not null)
        {
            var sc = Cursor.After(_start);
            var start = new ByteWriter();
            start.U32((uint)Resolve(_funcs, sc.Next(), "function"));
            sc.ExpectEnd();
            module.Section(8, start);
        }
        if (_elemDefs.Count > 0) module.Section(9, elems);
        if (_dataDefs.Count > 0)
        {
            var count = new ByteWriter();
            count.U32((uint)_dataDefs.Count);
            module.Section(12, count);
        }
        if (_funcDefs.Count > 0) module.Section(10, code);
        if (_dataDefs.Count > 0) module.Section(11, datas);
        return module.ToArray();
    }

    private static ByteWriter Counted(int count, ByteWriter body)
    {
        var w = new ByteWriter();
        w.U32((uint)count);
        w.Append(body);
        return w;
    }

    private Space SpaceOf(byte kind) => kind switch { 0 => _funcs, 1 => _tables, 2 => _mems, _ => _globals };

    private static string KindName(byte kind) => kind switch { 0 => "function", 1 => "table", 2 => "memory", _ => "global" };

    /// <summary>Encodes an offset or item expression: (offset instr*), (item instr*) or one folded instruction.</summary>
    private void ExprNode(SExpr node, ByteWriter w)
    {
        if (node.IsListOf("offset") || node.IsListOf("item")) ConstExpr(Cursor.After(node), w);
        else ConstExpr(new Cursor([node], 0, node), w);
    }

    private void EncodeElem(ElemDef e, ByteWriter w)
    {
        var table = e.TableIndex ?? 0;
        if (e.TableNode is { } tn)
        {
            var tc = Cursor.After(tn);
            table = Resolve(_tables, tc.Next(), "table");
            tc.ExpectEnd();
        }
        var explicitTable = e.TableNode is not null || e.TableIndex is > 0;
        int flags = e.Mode switch { "passive" => 1, "declare" => 3, _ => explicitTable || table != 0 ? 2 : 0 };
        if (!e.FuncIndices) flags |= 4;
        if (flags == 4 && e.RefType != 0x70) flags = 6;
        w.U32((uint)flags);
        if ((flags & 3) == 2) w.U32((uint)table);
        if (e.Mode == "active") ExprNode(e.Offset!, w);
        if ((flags & 3) != 0) w.Byte(e.FuncIndices ? (byte)0 : e.RefType);
        w.U32((uint)e.Items.Count);
        foreach (var item in e.Items)
        {
            if (e.FuncIndices) w.U32((uint)Resolve(_funcs, item, "function"));
            else ExprNode(item, w);
        }
    }

    private void EncodeData(DataDef d, ByteWriter w)
    {
        var memory = d.MemoryIndex ?? 0;
        if (d.MemoryNode is { } mn)
        {
            var mc = Cursor.After(mn);
            memory = Resolve(_mems, mc.Next(), "memory");
            mc.ExpectEnd();
        }
        if (d.Passive) w.Byte(1);
        else if (memory == 0 && d.MemoryNode is null) w.Byte(0);
        else
        {
            w.Byte(2);
            w.U32((uint)memory);
        }
        if (!d.Passive) ExprNode(d.Offset!, w);
        var bytes = d.Strings.SelectMany(s => s.Bytes!).ToArray();
        w.Name(bytes);
    }
}
