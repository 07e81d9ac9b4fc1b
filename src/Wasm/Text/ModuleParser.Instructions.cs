namespace PluginHost.Wasm.Text;

public sealed partial class ModuleParser
{
    /// <summary>Names visible inside one function body: locals and the enclosing labels.</summary>
    private sealed class BodyScope
    {
        public readonly Dictionary<string, int> Locals = new(StringComparer.Ordinal);
        public readonly List<string?> Labels = [];
        public int LocalCount;
    }

    private ByteWriter EncodeFunction(FuncDef def)
    {
        var scope = new BodyScope();
        foreach (var name in def.ParamNames) AddLocal(scope, name, def.Node);
        var c = new Cursor(def.Node.Items!, def.BodyStart, def.Node);
        var localTypes = new List<byte>();
        while (c.NextIsList("local"))
        {
            var node = c.Next();
            var l = Cursor.After(node);
            if (l.TakeId() is { } id)
            {
                AddLocal(scope, id, node);
                localTypes.Add(ValType(l.Next()));
                l.ExpectEnd();
                continue;
            }
            while (!l.AtEnd)
            {
                localTypes.Add(ValType(l.Next()));
                AddLocal(scope, null, node);
            }
        }
        var w = new ByteWriter();
        var groups = new List<(int Count, byte Type)>();
        foreach (var t in localTypes)
        {
            if (groups.Count > 0 && groups[^1].Type == t) groups[^1] = (groups[^1].Count + 1, t);
            else groups.Add((1, t));
        }
        w.U32((uint)groups.Count);
        foreach (var (count, type) in groups)
        {
            w.U32((uint)count);
            w.Byte(type);
        }
        Instructions(c, w, scope);
        c.ExpectEnd();
        w.Byte(0x0B);
        return w;
    }

    private static void AddLocal(BodyScope scope, string? name, SExpr at)
    {
        if (name is not null && !scope.Locals.TryAdd(name, scope.LocalCount)) throw at.Error($"duplicate local {name}");
        scope.LocalCount++;
    }

    private void ConstExpr(Cursor c, ByteWriter w)
    {
        Instructions(c, w, new BodyScope());
        c.ExpectEnd();
        w.Byte(0x0B);
    }

    /// <summary>Encodes instructions until the end of the cursor or a bare `end`/`else` (left unread).</summary>
    private void Instructions(Cursor c, ByteWriter w, BodyScope scope)
    {
        while (c.Peek() is { } next)
        {
            if (next.IsList)
            {
                c.Next();
                Folded(next, w, scope);
                continue;
            }
            if (next.IsWord("end") || next.IsWord("else")) return;
            Plain(c, w, scope);
        }
    }

    private static InstructionInfo Lookup(SExpr op)
    {
        if (op.IsList || op.Kind != AtomKind.Word) throw Unexpected(op, "expected an instruction");
        return InstructionTable.Find(op.Text)
            ?? throw op.Error(Keywords.Contains(op.Text) ? $"unexpected token {op.Text}" : $"unknown operator {op.Text}");
    }

    /// <summary>Non-instruction keywords: out of place they are unexpected tokens, not unknown operators.</summary>
    private static readonly HashSet<string> Keywords =
    [
        "module", "type", "func", "param", "result", "local", "import", "export", "table", "memory", "global", "elem", "data",
        "start", "offset", "item", "declare", "mut", "then", "else", "end", "funcref", "externref", "extern", "i32", "i64", "f32", "f64",
        "binary", "quote",
    ];

    private void Plain(Cursor c, ByteWriter w, BodyScope scope)
    {
        var op = c.Next();
        var info = Lookup(op);
        if (info.Immediate == Immediate.Block)
        {
            var label = c.TakeId();
            w.Bytes(info.Opcode);
            BlockType(c, w);
            scope.Labels.Add(label);
            Instructions(c, w, scope);
            if (op.Text == "if" && c.TakeWord("else"))
            {
                EndLabel(c, label);
                w.Byte(0x05);
                Instructions(c, w, scope);
            }
            if (!c.TakeWord("end")) throw c.EndError($"unexpected token: expected end of {op.Text}");
            EndLabel(c, label);
            scope.Labels.RemoveAt(scope.Labels.Count - 1);
            w.Byte(0x0B);
            return;
        }
        Immediates(op, info, c, w, scope);
    }

    private static void EndLabel(Cursor c, string? label)
    {
        var at = c.Peek();
        if (c.TakeId() is { } id && id != label) throw at!.Error($"mismatching label {id}");
    }

    private void Folded(SExpr node, ByteWriter w, BodyScope scope)
    {
        var c = Cursor.After(node, 0);
        var op = c.Next();
        var info = Lookup(op);
        if (info.Immediate == Immediate.Block)
        {
            var label = c.TakeId();
            var type = new ByteWriter();
            BlockType(c, type);
            if (op.Text == "if")
            {
                while (c.Peek() is { IsList: true } cond && !cond.IsListOf("then"))
                {
                    c.Next();
                    Folded(cond, w, scope);
                }
                w.Bytes(info.Opcode);
                w.Append(type);
                scope.Labels.Add(label);
                if (!c.NextIsList("then")) throw c.EndError("unexpected token: expected (then ...)");
                var then = Cursor.After(c.Next());
                Instructions(then, w, scope);
                then.ExpectEnd();
                if (c.NextIsList("else"))
                {
                    var els = Cursor.After(c.Next());
                    w.Byte(0x05);
                    Instructions(els, w, scope);
                    els.ExpectEnd();
                }
                c.ExpectEnd();
            }
            else
            {
                w.Bytes(info.Opcode);
                w.Append(type);
                scope.Labels.Add(label);
                Instructions(c, w, scope);
                c.ExpectEnd();
            }
            scope.Labels.RemoveAt(scope.Labels.Count - 1);
            w.Byte(0x0B);
            return;
        }
        var instr = new ByteWriter();
        Immediates(op, info, c, instr, scope);
        while (!c.AtEnd)
        {
            var operand = c.Next();
            if (!operand.IsList) throw Unexpected(operand, "expected a folded instruction");
            Folded(operand, w, scope);
        }
        w.Append(instr);
    }

    private void BlockType(Cursor c, ByteWriter w)
    {
        if (!c.NextIsList("type") && !c.NextIsList("param") && !c.NextIsList("result"))
        {
            w.Byte(0x40);
            return;
        }
        if (!c.NextIsList("type"))
        {
            var probe = new Cursor(TakeTypeUseItems(c), 0, null);
            var s = ParseSignature(probe, allowNames: false, out _);
            if (s.Params.Length == 0 && s.Results.Length <= 1)
            {
                if (s.Results.Length == 0) w.Byte(0x40);
                else w.Byte(s.Results[0]);
                return;
            }
            w.S64(TypeIndexOf(s));
            return;
        }
        var index = ParseTypeUse(c, allowNames: false, out _);
        w.S64(index);
    }

    /// <summary>Consumes the (param ...) and (result ...) lists at the cursor.</summary>
    private static List<SExpr> TakeTypeUseItems(Cursor c)
    {
        var items = new List<SExpr>();
        while (c.NextIsList("param")) items.Add(c.Next());
        while (c.NextIsList("result")) items.Add(c.Next());
        return items;
    }

    private int LabelIndex(SExpr x, BodyScope scope)
    {
        if (!x.IsList && x.Kind == AtomKind.Id)
        {
            var i = scope.Labels.LastIndexOf(x.Text);
            if (i < 0) throw x.Error($"unknown label {x.Text}");
            return scope.Labels.Count - 1 - i;
        }
        if (!x.IsList && x.Kind == AtomKind.Word && Numbers.Unsigned(x.Text, uint.MaxValue) is { } n) return (int)(uint)n;
        throw Unexpected(x, "expected a label");
    }

    /// <summary>Writes the opcode and its immediates.</summary>
    private void Immediates(SExpr op, InstructionInfo info, Cursor c, ByteWriter w, BodyScope scope)
    {
        if (info.Immediate != Immediate.Select) w.Bytes(info.Opcode);
        switch (info.Immediate)
        {
            case Immediate.None: break;
            case Immediate.Label: w.U32((uint)LabelIndex(c.Next(), scope)); break;
            case Immediate.BrTable:
            {
                var labels = new List<int>();
                while (IsIndex(c.Peek())) labels.Add(LabelIndex(c.Next(), scope));
                if (labels.Count == 0) throw c.Peek() is { } p ? Unexpected(p, "expected a label") : c.EndError("unexpected token: expected a label");
                w.U32((uint)(labels.Count - 1));
                foreach (var l in labels) w.U32((uint)l);
                break;
            }
            case Immediate.Func: w.U32((uint)Resolve(_funcs, c.Next(), "function")); break;
            case Immediate.CallIndirect:
            {
                var table = IsIndex(c.Peek()) ? Resolve(_tables, c.Next(), "table") : 0;
                var type = ParseTypeUse(c, allowNames: false, out _);
                w.U32((uint)type);
                w.U32((uint)table);
                break;
            }
            case Immediate.Local:
            {
                var x = c.Next();
                if (!x.IsList && x.Kind == AtomKind.Id)
                    w.U32((uint)(scope.Locals.TryGetValue(x.Text, out var i) ? i : throw x.Error($"unknown local {x.Text}")));
                else if (!x.IsList && x.Kind == AtomKind.Word && Numbers.Unsigned(x.Text, uint.MaxValue) is { } n) w.U32(n);
                else throw Unexpected(x, "expected a local index");
                break;
            }
            case Immediate.Global: w.U32((uint)Resolve(_globals, c.Next(), "global")); break;
            case Immediate.Table: w.U32((uint)(IsIndex(c.Peek()) ? Resolve(_tables, c.Next(), "table") : 0)); break;
            case Immediate.TableCopy:
            {
                if (IsIndex(c.Peek()))
                {
                    w.U32((uint)Resolve(_tables, c.Next(), "table"));
                    w.U32((uint)Resolve(_tables, c.Next(), "table"));
                }
                else w.Bytes([0, 0]);
                break;
            }
            case Immediate.TableInit:
            {
                var first = c.Next();
                if (IsIndex(c.Peek()))
                {
                    var elem = Resolve(_elems, c.Next(), "elem");
                    w.U32((uint)elem);
                    w.U32((uint)Resolve(_tables, first, "table"));
                }
                else
                {
                    w.U32((uint)Resolve(_elems, first, "elem"));
                    w.U32(0);
                }
                break;
            }
            case Immediate.Elem: w.U32((uint)Resolve(_elems, c.Next(), "elem")); break;
            case Immediate.Data:
                w.U32((uint)Resolve(_datas, c.Next(), "data"));
                w.Byte(0);
                break;
            case Immediate.DataDrop: w.U32((uint)Resolve(_datas, c.Next(), "data")); break;
            case Immediate.Memory: w.Byte(0); break;
            case Immediate.MemoryCopy: w.Bytes([0, 0]); break;
            case Immediate.MemArg: MemArg(c, w, info.Align); break;
            case Immediate.I32: w.S64((int)(uint)IntLiteral(c.Next(), 32)); break;
            case Immediate.I64: w.S64((long)IntLiteral(c.Next(), 64)); break;
            case Immediate.F32:
            {
                var x = c.Next();
                var bits = FloatLiteral(x, () => Numbers.F32(x.Text));
                w.Bytes(BitConverter.GetBytes((uint)bits));
                break;
            }
            case Immediate.F64:
            {
                var x = c.Next();
                var bits = FloatLiteral(x, () => Numbers.F64(x.Text));
                w.Bytes(BitConverter.GetBytes(bits));
                break;
            }
            case Immediate.RefNull:
            {
                var t = c.Next();
                w.Byte(t.IsWord("func") ? (byte)0x70 : t.IsWord("extern") ? (byte)0x6F : throw Unexpected(t, "expected a heap type"));
                break;
            }
            case Immediate.Select:
            {
                if (!c.NextIsList("result"))
                {
                    w.Byte(0x1B);
                    break;
                }
                var types = new List<byte>();
                while (c.NextIsList("result"))
                {
                    var r = Cursor.After(c.Next());
                    while (!r.AtEnd) types.Add(ValType(r.Next()));
                }
                w.Byte(0x1C);
                w.U32((uint)types.Count);
                w.Bytes(types);
                break;
            }
            default: throw op.Error($"unsupported instruction {op.Text}");
        }
    }

    private static ulong IntLiteral(SExpr x, int bits)
    {
        if (x.IsList || x.Kind != AtomKind.Word || x.Text.StartsWith("nan:", StringComparison.Ordinal))
            throw x.Error($"unexpected token {x}: expected an i{bits} literal");
        try { return Numbers.Integer(x.Text, bits) ?? throw x.Error($"unknown operator {x}: expected an i{bits} literal"); }
        catch (OverflowException) { throw x.Error($"constant out of range: {x.Text}"); }
    }

    private static ulong FloatLiteral(SExpr x, Func<ulong?> parse)
    {
        if (x.IsList || x.Kind != AtomKind.Word || x.Text.StartsWith("nan:a", StringComparison.Ordinal) || x.Text.StartsWith("nan:c", StringComparison.Ordinal))
            throw x.Error($"unexpected token {x}: expected a float literal");
        try { return parse() ?? throw x.Error($"unknown operator {x}: expected a float literal"); }
        catch (OverflowException) { throw x.Error($"constant out of range: {x.Text}"); }
    }

    private static void MemArg(Cursor c, ByteWriter w, int natural)
    {
        ulong offset = 0;
        var align = (ulong)natural;
        if (c.Peek() is { IsList: false, Kind: AtomKind.Word } o && o.Text.StartsWith("offset=", StringComparison.Ordinal))
        {
            c.Next();
            offset = Numbers.Unsigned(o.Text[7..], uint.MaxValue)
                ?? throw o.Error(Numbers.LooksUnsigned(o.Text[7..]) ? "i32 constant out of range" : $"unknown operator {o}: malformed offset");
        }
        if (c.Peek() is { IsList: false, Kind: AtomKind.Word } a && a.Text.StartsWith("align=", StringComparison.Ordinal))
        {
            c.Next();
            align = Numbers.Unsigned(a.Text[6..], uint.MaxValue) ?? throw Unexpected(a, "malformed alignment");
            if (align == 0 || (align & (align - 1)) != 0) throw a.Error("alignment must be a power of two");
        }
        w.U32((ulong)System.Numerics.BitOperations.Log2(align));
        w.U32(offset);
    }
}
