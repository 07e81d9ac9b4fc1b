using System.Text;

namespace PluginHost.Shared.Toml;

/// <summary>Recursive-descent TOML 1.0 parser over one document; one instance per parse.</summary>
internal sealed partial class TomlParser
{
    private readonly string _text;
    private readonly string? _fileName;
    private readonly TomlTable _root = new(TomlTableKind.Header);
    private TomlTable _current;
    private int _pos;

    public TomlParser(string text, string? fileName)
    {
        _text = text;
        _fileName = fileName;
        _current = _root;
    }

    /// <summary>Parses the whole document and returns the root table.</summary>
    public TomlTable ParseDocument()
    {
        CheckSurrogates();
        if (_text.Length > 0 && _text[0] == '\uFEFF') _pos = 1;
        while (true)
        {
            SkipWhitespace();
            if (AtEnd) break;
            var c = _text[_pos];
            if (c == '[') ParseHeader();
            else if (c != '#' && c != '\n' && c != '\r') ParseKeyValue(_current, "key/value pair");
            ExpectLineEnd();
        }
        return _root;
    }

    private bool AtEnd => _pos >= _text.Length;

    private char Peek(int ahead = 0) => _pos + ahead < _text.Length ? _text[_pos + ahead] : '\0';

    private bool LookingAt(string s) => string.CompareOrdinal(_text, _pos, s, 0, s.Length) == 0;

    private void SkipWhitespace()
    {
        while (_pos < _text.Length && (_text[_pos] == ' ' || _text[_pos] == '\t')) _pos++;
    }

    /// <summary>After an expression: optional whitespace and comment, then a newline or the end of the document.</summary>
    private void ExpectLineEnd()
    {
        SkipWhitespace();
        if (Peek() == '#') SkipComment();
        if (AtEnd) return;
        if (!TrySkipNewline())
            throw Error($"expected a newline or end of file, found {Describe(_pos)}");
    }

    /// <summary>Consumes LF or CRLF; a CR without LF is an error.</summary>
    private bool TrySkipNewline()
    {
        var c = Peek();
        if (c == '\n')
        {
            _pos++;
            return true;
        }
        if (c == '\r')
        {
            if (Peek(1) != '\n') throw Error("a carriage return must be followed by a line feed");
            _pos += 2;
            return true;
        }
        return false;
    }

    private void SkipComment()
    {
        _pos++;
        while (!AtEnd)
        {
            var c = _text[_pos];
            if (c == '\n' || (c == '\r' && Peek(1) == '\n')) return;
            if (IsForbiddenControl(c)) throw Error($"control character {Hex(c)} is not allowed in a comment");
            _pos++;
        }
    }

    /// <summary>Skips whitespace, comments and newlines (inside arrays).</summary>
    private void SkipWhitespaceCommentsAndNewlines()
    {
        while (true)
        {
            SkipWhitespace();
            if (Peek() == '#') SkipComment();
            if (AtEnd || !TrySkipNewline()) return;
        }
    }

    private static bool IsForbiddenControl(char c) => (c < 0x20 && c != '\t') || c == 0x7F;

    private static string Hex(char c) => $"U+{(int)c:X4}";

    private string Describe(int pos)
    {
        if (pos >= _text.Length) return "end of file";
        var c = _text[pos];
        return c switch
        {
            '\n' => "a newline",
            '\r' => "a carriage return",
            _ when char.IsControl(c) => $"control character {Hex(c)}",
            _ => $"'{c}'",
        };
    }

    /// <summary>A lone surrogate cannot be encoded as UTF-8, so it is rejected like invalid UTF-8.</summary>
    private void CheckSurrogates()
    {
        for (var i = 0; i < _text.Length; i++)
        {
            var c = _text[i];
            if (char.IsHighSurrogate(c) && i + 1 < _text.Length && char.IsLowSurrogate(_text[i + 1])) i++;
            else if (char.IsSurrogate(c)) throw ErrorAt(i, $"unpaired surrogate {Hex(c)} is not valid Unicode");
        }
    }

    private TomlException Error(string reason) => ErrorAt(_pos, reason);

    private TomlException ErrorAt(int pos, string reason)
    {
        var (line, column) = LineAndColumn(_text, Math.Min(pos, _text.Length));
        return new TomlException(_fileName, line, column, reason);
    }

    /// <summary>The 1-based line and column of a character offset.</summary>
    internal static (int Line, int Column) LineAndColumn(ReadOnlySpan<char> text, int pos)
    {
        int line = 1, lineStart = 0;
        for (var i = 0; i < pos && i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                line++;
                lineStart = i + 1;
            }
        }
        return (line, pos - lineStart + 1);
    }

    private static string PathText(IReadOnlyList<KeyPart> keys, int count)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            if (i > 0) sb.Append('.');
            var k = keys[i].Name;
            var bare = k.Length > 0 && k.All(ch => char.IsAsciiLetterOrDigit(ch) || ch == '_' || ch == '-');
            sb.Append(bare ? k : "\"" + k.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"");
        }
        return sb.ToString();
    }
}
