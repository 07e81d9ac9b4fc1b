using System.Text;

namespace PluginHost.Wasm.Text;

/// <summary>Splits WebAssembly text into tokens and builds the tree of parenthesised lists.</summary>
public sealed class Lexer
{
    private readonly byte[] _src;
    private int _pos;
    private int _line = 1;
    private int _lineStart;

    private Lexer(byte[] source) => _src = source;

    /// <summary>Parses the whole text into its top-level nodes; throws <see cref="WatParseException"/> on bad tokens or unbalanced parentheses.</summary>
    public static List<SExpr> Parse(byte[] source) => new Lexer(source).ParseAll();

    /// <summary>Parses a string of text.</summary>
    public static List<SExpr> Parse(string source) => Parse(Encoding.UTF8.GetBytes(source));

    private int Column => _pos - _lineStart + 1;

    private WatParseException Error(string reason) => new(reason, _line, Column);

    private List<SExpr> ParseAll()
    {
        var stack = new Stack<(List<SExpr> Items, int Line, int Column)>();
        var top = new List<SExpr>();
        var current = top;
        while (true)
        {
            SkipSpace();
            if (_pos >= _src.Length) break;
            var c = _src[_pos];
            if (c == '(')
            {
                stack.Push((current, _line, Column));
                current = new List<SExpr>();
                _pos++;
            }
            else if (c == ')')
            {
                if (stack.Count == 0) throw Error("unexpected token: unbalanced ')'");
                _pos++;
                var (parent, line, col) = stack.Pop();
                parent.Add(new SExpr(current, line, col));
                current = parent;
            }
            else current.Add(ReadAtom());
        }
        if (stack.Count > 0)
        {
            var (_, line, col) = stack.Peek();
            throw new WatParseException("unexpected end of input: unclosed '('", line, col);
        }
        return top;
    }

    private void SkipSpace()
    {
        while (_pos < _src.Length)
        {
            var c = _src[_pos];
            if (c == ' ' || c == '\t' || c == '\r') _pos++;
            else if (c == '\n') NewLine();
            else if (c == ';' && Peek(1) == ';')
            {
                while (_pos < _src.Length && _src[_pos] != '\n' && _src[_pos] != '\r') _pos++;
            }
            else if (c == '(' && Peek(1) == ';') BlockComment();
            else break;
        }
    }

    private void NewLine()
    {
        _pos++;
        _line++;
        _lineStart = _pos;
    }

    private int Peek(int ahead) => _pos + ahead < _src.Length ? _src[_pos + ahead] : -1;

    private void BlockComment()
    {
        var (line, col) = (_line, Column);
        _pos += 2;
        var depth = 1;
        while (depth > 0)
        {
            if (_pos >= _src.Length) throw new WatParseException("unclosed block comment", line, col);
            var c = _src[_pos];
            if (c == '(' && Peek(1) == ';') { depth++; _pos += 2; }
            else if (c == ';' && Peek(1) == ')') { depth--; _pos += 2; }
            else if (c == '\n') NewLine();
            else _pos++;
        }
    }

    /// <summary>True for the characters that may appear in keywords, numbers and identifiers.</summary>
    public static bool IsIdChar(int c) =>
        c is >= '0' and <= '9' or >= 'a' and <= 'z' or >= 'A' and <= 'Z'
        || c is '!' or '#' or '$' or '%' or '&' or '\'' or '*' or '+' or '-' or '.' or '/' or ':' or '<' or '=' or '>' or '?' or '@' or '\\' or '^' or '_' or '`' or '|' or '~';

    private SExpr ReadAtom()
    {
        var (line, col) = (_line, Column);
        var c = _src[_pos];
        SExpr atom;
        if (c == '"') atom = ReadString(line, col);
        else if (IsIdChar(c))
        {
            var start = _pos;
            while (_pos < _src.Length && IsIdChar(_src[_pos])) _pos++;
            var text = Encoding.ASCII.GetString(_src, start, _pos - start);
            var kind = text[0] == '$' ? AtomKind.Id : AtomKind.Word;
            if (kind == AtomKind.Id && text.Length == 1) throw new WatParseException("unexpected token: empty identifier", line, col);
            atom = new SExpr(kind, text, null, line, col);
        }
        else throw Error($"unexpected character 0x{c:x2}");
        // Tokens must be separated by white space or parentheses.
        if (_pos < _src.Length && (_src[_pos] == '"' || IsIdChar(_src[_pos])))
            throw Error("unknown operator: tokens not separated by white space");
        return atom;
    }

    private SExpr ReadString(int line, int col)
    {
        _pos++;
        var bytes = new List<byte>();
        while (true)
        {
            if (_pos >= _src.Length) throw new WatParseException("unclosed string", line, col);
            var c = _src[_pos];
            if (c == '"') { _pos++; break; }
            if (c == '\n' || c < 0x20 || c == 0x7f) throw Error("illegal character in string");
            if (c != '\\') { bytes.Add(c); _pos++; continue; }
            var escapeColumn = Column;
            _pos++;
            var e = _pos < _src.Length ? _src[_pos] : -1;
            _pos++;
            switch (e)
            {
                case 't': bytes.Add(9); break;
                case 'n': bytes.Add(10); break;
                case 'r': bytes.Add(13); break;
                case '"': bytes.Add((byte)'"'); break;
                case '\'': bytes.Add((byte)'\''); break;
                case '\\': bytes.Add((byte)'\\'); break;
                case 'u': ReadUnicodeEscape(bytes); break;
                default:
                    if (Hex(e) >= 0 && Hex(Peek(0)) >= 0)
                    {
                        bytes.Add((byte)(Hex(e) * 16 + Hex(_src[_pos])));
                        _pos++;
                    }
                    else throw new WatParseException("unknown escape sequence in string", _line, escapeColumn);
                    break;
            }
        }
        var array = bytes.ToArray();
        return new SExpr(AtomKind.String, Encoding.UTF8.GetString(array), array, line, col);
    }

    private void ReadUnicodeEscape(List<byte> bytes)
    {
        if (Peek(0) != '{') throw Error("malformed \\u escape");
        _pos++;
        long value = 0;
        var digits = 0;
        var lastUnderscore = true;
        while (_pos < _src.Length && _src[_pos] != '}')
        {
            var c = _src[_pos++];
            if (c == '_' && !lastUnderscore) { lastUnderscore = true; continue; }
            var h = Hex(c);
            if (h < 0) throw Error("malformed \\u escape");
            value = value * 16 + h;
            if (value > 0x10FFFF) throw Error("\\u escape out of range");
            digits++;
            lastUnderscore = false;
        }
        if (_pos >= _src.Length || digits == 0 || lastUnderscore) throw Error("malformed \\u escape");
        _pos++;
        if (value is >= 0xD800 and < 0xE000) throw Error("\\u escape is a surrogate");
        bytes.AddRange(Encoding.UTF8.GetBytes(char.ConvertFromUtf32((int)value)));
    }

    private static int Hex(int c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };
}
