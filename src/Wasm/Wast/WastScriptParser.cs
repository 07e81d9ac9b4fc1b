using System.Globalization;
using System.Text.Json;
using PluginHost.Wasm.Text;

namespace PluginHost.Wasm.Wast;

/// <summary>Reads a .wast script with our own text parser into the runner's command model (modules already encoded to binary).</summary>
internal static class WastScriptParser
{
    private static readonly HashSet<string> ModuleFields = ["type", "import", "func", "table", "memory", "global", "export", "start", "elem", "data"];

    /// <summary>Parses a script file; throws <see cref="WatParseException"/> when its parentheses or tokens are malformed (a bad command becomes an "unreadable" command).</summary>
    public static WastScript Load(string path) => Parse(File.ReadAllBytes(path), path);

    /// <summary>Parses script text.</summary>
    public static WastScript Parse(byte[] source, string? name = null)
    {
        var commands = new List<WastCommand>();
        var nodes = Lexer.Parse(source);
        if (nodes.Count > 0 && nodes[0].Head is { } first && ModuleFields.Contains(first))
        {
            // A script that is just module fields is one inline module.
            var line = nodes[0].Line;
            try { commands.Add(new WastCommand { Type = "module", Line = line, Binary = ModuleParser.Encode(nodes, 0), ModuleType = "binary" }); }
            catch (WatParseException e) { commands.Add(new WastCommand { Type = "module", Line = line, TextError = $"{e.Reason} (text {e.Line}:{e.Column})", ModuleType = "text" }); }
            return new WastScript(name, commands);
        }
        foreach (var node in nodes)
        {
            // A command that does not parse fails alone; the rest of the script still runs.
            try { commands.Add(Command(node)); }
            catch (WatParseException e) { commands.Add(new WastCommand { Type = "unreadable", Line = node.Line, Text = e.Message }); }
        }
        return new WastScript(name, commands);
    }

    private static WastCommand Command(SExpr node)
    {
        var head = node.Head ?? throw node.Error($"unexpected token {node}: expected a command");
        var c = Cursor.After(node);
        switch (head)
        {
            case "module":
                return Module(node) with { Type = "module" };
            case "register":
            {
                var name = c.Next().Utf8Name();
                var id = c.TakeId();
                c.ExpectEnd();
                return new WastCommand { Type = "register", Line = node.Line, As = name, Name = id };
            }
            case "invoke":
            case "get":
                return new WastCommand { Type = "action", Line = node.Line, Action = Action(node) };
            case "assert_return":
            {
                var action = Action(c.Next());
                var expected = new List<WastValue>();
                while (!c.AtEnd) expected.Add(Value(c.Next(), result: true));
                return new WastCommand { Type = "assert_return", Line = node.Line, Action = action, Expected = expected };
            }
            case "assert_trap":
            case "assert_exhaustion":
            {
                var target = c.Next();
                var text = c.Next().Text;
                c.ExpectEnd();
                if (target.IsListOf("module")) return Module(target) with { Type = head, Line = node.Line, Text = text, Name = null };
                return new WastCommand { Type = head, Line = node.Line, Action = Action(target), Text = text };
            }
            case "assert_invalid":
            case "assert_malformed":
            case "assert_unlinkable":
            case "assert_uninstantiable":
            {
                var module = c.Next();
                var text = c.Next().Text;
                c.ExpectEnd();
                if (!module.IsListOf("module")) throw module.Error($"unexpected token {module}: expected a module");
                return Module(module) with { Type = head, Line = node.Line, Text = text, Name = null };
            }
            default:
                throw node.Error($"unknown command {head}");
        }
    }

    /// <summary>Encodes a (module ...) form; a text module that does not parse carries its error instead of bytes.</summary>
    private static WastCommand Module(SExpr node)
    {
        var items = node.Items!;
        var c = Cursor.After(node);
        var id = c.TakeId();
        var command = new WastCommand { Line = node.Line, Name = id };
        if (c.TakeWord("binary"))
        {
            var bytes = new List<byte>();
            while (!c.AtEnd) bytes.AddRange(StringBytes(c.Next()));
            return command with { Binary = [.. bytes], ModuleType = "binary" };
        }
        if (c.TakeWord("quote"))
        {
            var bytes = new List<byte>();
            while (!c.AtEnd) bytes.AddRange(StringBytes(c.Next()));
            var text = System.Text.Encoding.UTF8.GetString([.. bytes]);
            try { return command with { Binary = ModuleParser.EncodeText(text), ModuleType = "text" }; }
            catch (WatParseException e) { return command with { TextError = $"{e.Reason} (quoted text {e.Line}:{e.Column})", ModuleType = "text" }; }
        }
        try { return command with { Binary = ModuleParser.Encode(items, c.Position), ModuleType = "binary" }; }
        catch (WatParseException e) { return command with { TextError = $"{e.Reason} (text {e.Line}:{e.Column})", ModuleType = "text" }; }
    }

    private static byte[] StringBytes(SExpr s) =>
        !s.IsList && s.Kind == AtomKind.String ? s.Bytes! : throw s.Error($"unexpected token {s}: expected a string");

    private static WastAction Action(SExpr node)
    {
        var head = node.Head;
        if (head is not ("invoke" or "get")) throw node.Error($"unexpected token {node}: expected (invoke ...) or (get ...)");
        var c = Cursor.After(node);
        var module = c.TakeId();
        var field = c.Next().Utf8Name();
        var args = new List<WastValue>();
        while (!c.AtEnd) args.Add(Value(c.Next(), result: false));
        if (head == "get" && args.Count > 0) throw node.Error("unexpected token: get takes no arguments");
        return new WastAction { Type = head, Module = module, Field = field, Args = args };
    }

    private static WastValue Value(SExpr node, bool result)
    {
        var head = node.Head ?? throw node.Error($"unexpected token {node}: expected a constant");
        var c = Cursor.After(node);
        WastValue Make(string type, string? value)
        {
            c.ExpectEnd();
            return new WastValue { Type = type, Value = value is null ? null : JsonSerializer.SerializeToElement(value) };
        }
        switch (head)
        {
            case "i32.const":
            case "i64.const":
            {
                var bits = head == "i32.const" ? 32 : 64;
                var x = c.Next();
                ulong value;
                try { value = Numbers.Integer(x.Text, bits) ?? throw x.Error($"unexpected token {x}: expected an integer"); }
                catch (OverflowException) { throw x.Error("constant out of range"); }
                return Make(head[..3], value.ToString(CultureInfo.InvariantCulture));
            }
            case "f32.const":
            case "f64.const":
            {
                var x = c.Next();
                if (result && x.Text is "nan:canonical" or "nan:arithmetic") return Make(head[..3], x.Text);
                ulong? bits;
                try { bits = head == "f32.const" ? Numbers.F32(x.Text) : Numbers.F64(x.Text); }
                catch (OverflowException) { throw x.Error("constant out of range"); }
                return Make(head[..3], (bits ?? throw x.Error($"unexpected token {x}: expected a float")).ToString(CultureInfo.InvariantCulture));
            }
            case "ref.null":
            {
                var t = c.Next();
                var type = t.IsWord("func") ? "funcref" : t.IsWord("extern") ? "externref" : throw t.Error($"unexpected token {t}: expected func or extern");
                return Make(type, "null");
            }
            case "ref.extern":
            {
                if (c.AtEnd) return Make("externref", null);
                var x = c.Next();
                return Make("externref", (Numbers.Unsigned(x.Text, uint.MaxValue) ?? throw x.Error("expected a number")).ToString(CultureInfo.InvariantCulture));
            }
            case "ref.func" when result:
                if (!c.AtEnd) c.Next();
                return Make("funcref", null);
            default:
                throw node.Error($"unsupported constant {head}");
        }
    }
}
