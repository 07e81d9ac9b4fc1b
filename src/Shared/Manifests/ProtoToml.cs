using System.Text;
using Tomlyn;
using Tomlyn.Model;
using Tomlyn.Parsing;

namespace PluginHost.Shared.Manifests;

/// <summary>Reads TOML (1.1) through Tomlyn; every failure is one ProtoToolsException naming file, line, column and why.</summary>
public static class ProtoToml
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Parses UTF-8 bytes (Tomlyn skips one leading BOM) into the root table.</summary>
    public static TomlTable Parse(ReadOnlySpan<byte> utf8, string fileName)
    {
        string text;
        try
        {
            text = StrictUtf8.GetString(utf8);
        }
        catch (DecoderFallbackException e)
        {
            var offset = Math.Max(0, e.Index);
            var before = utf8[..Math.Min(offset, utf8.Length)];
            var line = before.Count((byte)'\n') + 1;
            var column = offset - (before.LastIndexOf((byte)'\n') + 1) + 1;
            throw Syntax(fileName, line, column, $"invalid UTF-8 byte sequence at byte offset {offset}; TOML files must be valid UTF-8", e);
        }
        return Parse(text, fileName);
    }

    /// <summary>Parses TOML text into the root table.</summary>
    public static TomlTable Parse(string text, string fileName)
    {
        // The syntax pass validates the whole document (duplicate keys, redefined tables, inline-table extension);
        // the serializer alone accepts some of those, so it runs only on text the syntax pass found valid.
        var options = new TomlSerializerOptions { SourceName = fileName, DuplicateKeyHandling = TomlDuplicateKeyHandling.Error };
        try
        {
            var document = SyntaxParser.Parse(text, options, fileName, validate: true);
            if (document.HasErrors)
            {
                var first = document.Diagnostics.First(d => d.Kind == Tomlyn.Syntax.DiagnosticMessageKind.Error);
                throw Syntax(fileName, first.Span.Start.Line + 1, first.Span.Start.Column + 1, first.Message, null);
            }
            return TomlSerializer.Deserialize<TomlTable>(text, options)!;
        }
        catch (TomlException e)
        {
            throw Syntax(fileName, (e.Line ?? 0) + 1, (e.Column ?? 0) + 1, e.Diagnostics?.FirstOrDefault()?.Message ?? e.Message, e);
        }
        catch (ArgumentException e)
        {
            // Tomlyn 2.11.1 throws ArgumentOutOfRangeException for a \u escape cut off by the end of the file
            // (toml-test valid/key/escapes.toml truncated); the position is then the end of the text.
            var line = text.Count(c => c == '\n') + 1;
            var column = text.Length - (text.LastIndexOf('\n') + 1) + 1;
            throw Syntax(fileName, line, column, "the text ends inside an escape sequence or value", e);
        }
    }

    private static ProtoToolsException Syntax(string fileName, int line, int column, string reason, Exception? inner) =>
        new(fileName, null, $"invalid TOML at line {line}, column {column}: {reason.TrimEnd('.')}", inner);
}
