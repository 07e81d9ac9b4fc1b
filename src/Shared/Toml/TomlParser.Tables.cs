namespace PluginHost.Shared.Toml;

/// <summary>Keys, key/value pairs, [table] and [[array]] headers, and the redefinition rules.</summary>
internal sealed partial class TomlParser
{
    private readonly record struct KeyPart(string Name, int Pos);

    private string _section = "the root table";

    /// <summary>Parses a (possibly dotted) key; whitespace is allowed around the dots.</summary>
    private List<KeyPart> ParseKey()
    {
        var parts = new List<KeyPart>();
        while (true)
        {
            SkipWhitespace();
            var start = _pos;
            var c = Peek();
            string name;
            if (c == '"')
            {
                if (LookingAt("\"\"\"")) throw Error("a multi-line string cannot be used as a key");
                name = ParseBasicString();
            }
            else if (c == '\'')
            {
                if (LookingAt("'''")) throw Error("a multi-line string cannot be used as a key");
                name = ParseLiteralString();
            }
            else
            {
                while (!AtEnd && IsBareKeyChar(_text[_pos])) _pos++;
                if (_pos == start)
                    throw Error($"expected a key (bare key of A-Z a-z 0-9 _ -, or a quoted key), found {Describe(_pos)}");
                name = _text[start.._pos];
            }
            parts.Add(new KeyPart(name, start));
            SkipWhitespace();
            if (Peek() != '.') return parts;
            _pos++;
        }
    }

    private static bool IsBareKeyChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_' || c == '-';

    /// <summary>Parses key = value and stores it under the table, creating dotted-key tables on the way.</summary>
    private void ParseKeyValue(TomlTable table, string what)
    {
        var keys = ParseKey();
        SkipWhitespace();
        if (Peek() != '=') throw Error($"expected '=' after the key '{PathText(keys, keys.Count)}' of a {what}, found {Describe(_pos)}");
        _pos++;
        SkipWhitespace();
        var value = ParseValue();

        var target = table;
        for (var i = 0; i < keys.Count - 1; i++)
        {
            var part = keys[i];
            if (!target.TryGetValue(part.Name, out var existing))
            {
                var created = new TomlTable(TomlTableKind.Dotted);
                target.Add(part.Name, created);
                target = created;
                continue;
            }
            var path = PathText(keys, i + 1);
            target = existing switch
            {
                TomlTable { Kind: TomlTableKind.Dotted } t => t,
                TomlTable { Kind: TomlTableKind.Inline } => throw ErrorAt(part.Pos, $"cannot add keys to the inline table '{path}' in {_section}; inline tables are closed once written"),
                TomlTable => throw ErrorAt(part.Pos, $"cannot use the dotted key '{PathText(keys, keys.Count)}' to add to the table '{path}' in {_section}, which is defined by a [header]"),
                TomlArray => throw ErrorAt(part.Pos, $"cannot use the dotted key '{PathText(keys, keys.Count)}' in {_section}: '{path}' is an array, not a table"),
                _ => throw ErrorAt(part.Pos, $"cannot use the dotted key '{PathText(keys, keys.Count)}' in {_section}: '{path}' is already {WithArticle(TypeName(existing))}, not a table"),
            };
        }
        var last = keys[^1];
        if (target.ContainsKey(last.Name))
            throw ErrorAt(last.Pos, $"the key '{PathText(keys, keys.Count)}' is defined twice in {_section}");
        target.Add(last.Name, value);
    }

    /// <summary>Parses [a.b] or [[a.b]] and makes the named table the current one.</summary>
    private void ParseHeader()
    {
        var start = _pos;
        var isArray = LookingAt("[[");
        _pos += isArray ? 2 : 1;
        var keys = ParseKey();
        SkipWhitespace();
        if (isArray)
        {
            if (!LookingAt("]]")) throw Error($"expected ']]' to close the array-of-tables header, found {Describe(_pos)}");
            _pos += 2;
        }
        else
        {
            if (Peek() != ']') throw Error($"expected ']' to close the table header, found {Describe(_pos)}");
            _pos++;
        }

        var path = PathText(keys, keys.Count);
        var table = _root;
        for (var i = 0; i < keys.Count - 1; i++)
        {
            var part = keys[i];
            if (!table.TryGetValue(part.Name, out var existing))
            {
                var created = new TomlTable(TomlTableKind.Implicit);
                table.Add(part.Name, created);
                table = created;
                continue;
            }
            var prefix = PathText(keys, i + 1);
            table = existing switch
            {
                TomlTable { Kind: TomlTableKind.Inline } => throw ErrorAt(part.Pos, $"cannot extend the inline table '{prefix}' with the header [{path}]; inline tables are closed once written"),
                TomlTable t => t,
                TomlArray { IsArrayOfTables: true } a => (TomlTable)a[^1],
                TomlArray => throw ErrorAt(part.Pos, $"cannot extend the array '{prefix}' with the header [{path}]; it is a static array value, not an array of tables"),
                _ => throw ErrorAt(part.Pos, $"cannot use the header [{path}]: '{prefix}' is already {WithArticle(TypeName(existing))}, not a table"),
            };
        }

        var last = keys[^1];
        table.TryGetValue(last.Name, out var current);
        if (isArray)
        {
            _section = $"table [[{path}]]";
            var element = new TomlTable(TomlTableKind.Header);
            switch (current)
            {
                case null:
                    var array = new TomlArray(isArrayOfTables: true);
                    array.Add(element);
                    table.Add(last.Name, array);
                    break;
                case TomlArray { IsArrayOfTables: true } existingArray:
                    existingArray.Add(element);
                    break;
                case TomlArray:
                    throw ErrorAt(start, $"cannot define [[{path}]]: '{path}' is already a static array value");
                case TomlTable:
                    throw ErrorAt(start, $"cannot define [[{path}]]: '{path}' is already defined as a table");
                default:
                    throw ErrorAt(start, $"cannot define [[{path}]]: '{path}' is already {WithArticle(TypeName(current))}");
            }
            _current = element;
            return;
        }

        _section = $"table [{path}]";
        switch (current)
        {
            case null:
                var created = new TomlTable(TomlTableKind.Header);
                table.Add(last.Name, created);
                _current = created;
                return;
            case TomlTable { Kind: TomlTableKind.Implicit } implicitTable:
                implicitTable.Kind = TomlTableKind.Header;
                _current = implicitTable;
                return;
            case TomlTable { Kind: TomlTableKind.Header }:
                throw ErrorAt(start, $"the table [{path}] is defined twice");
            case TomlTable { Kind: TomlTableKind.Dotted }:
                throw ErrorAt(start, $"cannot define [{path}]: it is already defined by dotted keys");
            case TomlTable:
                throw ErrorAt(start, $"cannot define [{path}]: it is already an inline table, which is closed once written");
            case TomlArray:
                throw ErrorAt(start, $"cannot define [{path}]: '{path}' is already an array");
            default:
                throw ErrorAt(start, $"cannot define [{path}]: '{path}' is already {WithArticle(TypeName(current))}");
        }
    }

    private static string WithArticle(string noun) => (noun[0] is 'a' or 'e' or 'i' or 'o' or 'u' ? "an " : "a ") + noun;

    private static string TypeName(object value) => value switch
    {
        string => "string",
        long => "integer",
        double => "float",
        bool => "boolean",
        TomlOffsetDateTime => "offset date-time",
        TomlLocalDateTime => "local date-time",
        TomlLocalDate => "local date",
        TomlLocalTime => "local time",
        TomlArray => "array",
        TomlTable => "table",
        _ => value.GetType().Name,
    };
}
