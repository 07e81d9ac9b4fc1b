namespace PluginHost.Shared.Toml;

/// <summary>Value dispatch, booleans, arrays and inline tables.</summary>
internal sealed partial class TomlParser
{
    /// <summary>Arrays and inline tables nested deeper than this are rejected rather than risking the stack.</summary>
    internal const int MaxNesting = 256;

    private int _depth;

    private object ParseValue()
    {
        if (AtEnd) throw Error("expected a value, found end of file");
        var c = _text[_pos];
        switch (c)
        {
            case '"':
                return LookingAt("\"\"\"") ? ParseMultiLineBasicString() : ParseBasicString();
            case '\'':
                return LookingAt("'''") ? ParseMultiLineLiteralString() : ParseLiteralString();
            case '[':
                return Nested(ParseArray);
            case '{':
                return Nested(ParseInlineTable);
            case 't':
                return ParseKeyword("true", true);
            case 'f':
                return ParseKeyword("false", false);
        }
        if (char.IsAsciiDigit(c)) return ParseNumberOrDateTime();
        if (c is '+' or '-' or 'i' or 'n') return ParseNumber();
        throw Error($"expected a value (string, number, boolean, date-time, array or inline table), found {Describe(_pos)}");
    }

    private object Nested(Func<object> parse)
    {
        if (_depth >= MaxNesting) throw Error($"arrays and inline tables are nested more than {MaxNesting} deep");
        _depth++;
        try
        {
            return parse();
        }
        finally
        {
            _depth--;
        }
    }

    private object ParseKeyword(string word, bool value)
    {
        if (!LookingAt(word) || IsBareKeyChar(Peek(word.Length)))
            throw Error($"expected a value; booleans are lowercase 'true' or 'false'");
        _pos += word.Length;
        return value;
    }

    private TomlArray ParseArray()
    {
        var open = _pos;
        _pos++;
        var array = new TomlArray(isArrayOfTables: false);
        while (true)
        {
            SkipWhitespaceCommentsAndNewlines();
            if (AtEnd) throw ErrorAt(open, "unterminated array: expected ']' before end of file");
            if (Peek() == ']')
            {
                _pos++;
                return array;
            }
            array.Add(ParseValue());
            SkipWhitespaceCommentsAndNewlines();
            if (Peek() == ',')
            {
                _pos++;
                continue;
            }
            if (Peek() == ']')
            {
                _pos++;
                return array;
            }
            if (AtEnd) throw ErrorAt(open, "unterminated array: expected ']' before end of file");
            throw Error($"expected ',' or ']' after an array element, found {Describe(_pos)}");
        }
    }

    private TomlTable ParseInlineTable()
    {
        _pos++;
        var table = new TomlTable(TomlTableKind.Dotted);
        var savedSection = _section;
        _section = "an inline table";
        SkipWhitespace();
        if (Peek() == '}')
        {
            _pos++;
            return Close(table, savedSection);
        }
        while (true)
        {
            CheckInlineLine();
            ParseKeyValue(table, "inline table entry");
            SkipWhitespace();
            var c = Peek();
            if (c == '}')
            {
                _pos++;
                return Close(table, savedSection);
            }
            if (c != ',')
            {
                CheckInlineLine();
                throw Error($"expected ',' or '}}' after an inline table entry, found {Describe(_pos)}");
            }
            _pos++;
            SkipWhitespace();
            if (Peek() == '}') throw Error("a trailing comma is not allowed in an inline table (TOML 1.0)");
        }
    }

    private void CheckInlineLine()
    {
        var c = Peek();
        if (c is '\n' or '\r') throw Error("an inline table must be on a single line (TOML 1.0); expected a key, ',' or '}'");
        if (c == '#') throw Error("comments are not allowed inside an inline table; expected a key, ',' or '}'");
        if (AtEnd) throw Error("unterminated inline table: expected '}' before end of file");
    }

    private TomlTable Close(TomlTable table, string savedSection)
    {
        _section = savedSection;
        Freeze(table);
        return table;
    }

    /// <summary>Marks an inline table and the dotted-key tables inside it as closed (iteratively: dotted keys can nest deeply).</summary>
    private static void Freeze(TomlTable table)
    {
        var pending = new Stack<TomlTable>();
        pending.Push(table);
        while (pending.Count > 0)
        {
            var current = pending.Pop();
            current.Kind = TomlTableKind.Inline;
            foreach (var value in current.Values)
            {
                if (value is TomlTable { Kind: not TomlTableKind.Inline } child) pending.Push(child);
            }
        }
    }
}
