using System.Globalization;
using System.Text;

namespace PluginHost.Shared.Toml;

/// <summary>Basic, literal and multi-line strings with all escapes.</summary>
internal sealed partial class TomlParser
{
    private string ParseBasicString()
    {
        var open = _pos;
        _pos++;
        var sb = new StringBuilder();
        while (true)
        {
            if (AtEnd) throw ErrorAt(open, "unterminated string: expected '\"' before end of file");
            var c = _text[_pos];
            if (c == '"')
            {
                _pos++;
                return sb.ToString();
            }
            if (c == '\\')
            {
                ParseEscape(sb);
                continue;
            }
            if (c is '\n' or '\r') throw Error("unterminated string: expected '\"' before the end of the line (use \"\"\" for multi-line strings)");
            if (IsForbiddenControl(c)) throw Error($"control character {Hex(c)} must be escaped in a string");
            sb.Append(c);
            _pos++;
        }
    }

    private string ParseMultiLineBasicString()
    {
        var open = _pos;
        _pos += 3;
        TrySkipNewline();
        var sb = new StringBuilder();
        while (true)
        {
            if (AtEnd) throw ErrorAt(open, "unterminated multi-line string: expected '\"\"\"' before end of file");
            var c = _text[_pos];
            if (c == '"' && TryCloseMultiLine('"', sb)) return sb.ToString();
            if (c == '"') continue;
            if (c == '\\')
            {
                var after = _pos + 1;
                while (after < _text.Length && _text[after] is ' ' or '\t') after++;
                if (after < _text.Length && _text[after] is '\n' or '\r')
                {
                    _pos = after;
                    if (!TrySkipNewline()) throw Error("a carriage return must be followed by a line feed");
                    while (true)
                    {
                        SkipWhitespace();
                        if (!TrySkipNewline()) break;
                    }
                    continue;
                }
                ParseEscape(sb);
                continue;
            }
            if (c == '\n' || c == '\r')
            {
                TrySkipNewline();
                sb.Append('\n');
                continue;
            }
            if (IsForbiddenControl(c)) throw Error($"control character {Hex(c)} must be escaped in a string");
            sb.Append(c);
            _pos++;
        }
    }

    /// <summary>At a quote in a multi-line string: 3 to 5 quotes close it (the extra ones are content), more is an error.</summary>
    private bool TryCloseMultiLine(char quote, StringBuilder sb)
    {
        var count = 0;
        while (Peek(count) == quote) count++;
        if (count < 3)
        {
            sb.Append(quote, count);
            _pos += count;
            return false;
        }
        if (count > 5) throw ErrorAt(_pos + 5, $"too many quotes: at most two {quote} may directly precede the closing {new string(quote, 3)}");
        sb.Append(quote, count - 3);
        _pos += count;
        return true;
    }

    private void ParseEscape(StringBuilder sb)
    {
        var start = _pos;
        _pos++;
        if (AtEnd) throw ErrorAt(start, "unterminated escape sequence at end of file");
        var c = _text[_pos++];
        switch (c)
        {
            case 'b': sb.Append('\b'); return;
            case 't': sb.Append('\t'); return;
            case 'n': sb.Append('\n'); return;
            case 'f': sb.Append('\f'); return;
            case 'r': sb.Append('\r'); return;
            case '"': sb.Append('"'); return;
            case '\\': sb.Append('\\'); return;
            case 'u': sb.Append(ParseUnicodeEscape(start, 4)); return;
            case 'U': sb.Append(ParseUnicodeEscape(start, 8)); return;
        }
        throw ErrorAt(start, $"invalid escape sequence '\\{(char.IsControl(c) ? Hex(c) : c.ToString())}'; expected one of \\b \\t \\n \\f \\r \\\" \\\\ \\uXXXX \\UXXXXXXXX");
    }

    private string ParseUnicodeEscape(int start, int digits)
    {
        if (_pos + digits > _text.Length) throw ErrorAt(start, $"expected {digits} hex digits after '\\{_text[_pos - 1]}'");
        var hex = _text.Substring(_pos, digits);
        if (!hex.All(char.IsAsciiHexDigit)) throw ErrorAt(start, $"expected {digits} hex digits after '\\{_text[_pos - 1]}', found '{hex}'");
        var value = long.Parse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
        if (value > 0x10FFFF || value is >= 0xD800 and <= 0xDFFF)
            throw ErrorAt(start, $"escape '\\{_text[_pos - 1]}{hex}' is not a Unicode scalar value (expected 0-D7FF or E000-10FFFF)");
        _pos += digits;
        return char.ConvertFromUtf32((int)value);
    }

    private string ParseLiteralString()
    {
        var open = _pos;
        _pos++;
        var start = _pos;
        while (true)
        {
            if (AtEnd) throw ErrorAt(open, "unterminated literal string: expected \"'\" before end of file");
            var c = _text[_pos];
            if (c == '\'')
            {
                _pos++;
                return _text[start..(_pos - 1)];
            }
            if (c is '\n' or '\r') throw Error("unterminated literal string: expected \"'\" before the end of the line (use ''' for multi-line strings)");
            if (IsForbiddenControl(c)) throw Error($"control character {Hex(c)} is not allowed in a literal string");
            _pos++;
        }
    }

    private string ParseMultiLineLiteralString()
    {
        var open = _pos;
        _pos += 3;
        TrySkipNewline();
        var sb = new StringBuilder();
        while (true)
        {
            if (AtEnd) throw ErrorAt(open, "unterminated multi-line literal string: expected \"'''\" before end of file");
            var c = _text[_pos];
            if (c == '\'' && TryCloseMultiLine('\'', sb)) return sb.ToString();
            if (c == '\'') continue;
            if (c is '\n' or '\r')
            {
                TrySkipNewline();
                sb.Append('\n');
                continue;
            }
            if (IsForbiddenControl(c)) throw Error($"control character {Hex(c)} is not allowed in a literal string");
            sb.Append(c);
            _pos++;
        }
    }
}
