using PluginHost.Wasm.Text;

namespace PluginHost.Wasm.Tests.Text;

/// <summary>Tokens, comments and strings of the text format.</summary>
public sealed class LexerTests
{
    [Fact]
    public void NestedBlockAndLineCommentsAreSkipped()
    {
        var nodes = Lexer.Parse("(; a (; nested ;) b ;) (module ;; line\n $m (;x;) \"s\")");

        var module = Assert.Single(nodes);
        Assert.Equal(["module", "$m", "s"], module.Items!.Select(i => i.Text));
        Assert.Equal(AtomKind.Id, module.Items![1].Kind);
        Assert.Equal((2, 2), (module.Items[1].Line, module.Items[1].Column));
    }

    [Fact]
    public void StringEscapesDecodeToBytes()
    {
        var s = Assert.Single(Lexer.Parse("\"a\\t\\n\\r\\\"\\'\\\\\\00\\ff\\u{1F600}\""));

        Assert.Equal([(byte)'a', 9, 10, 13, (byte)'"', (byte)'\'', (byte)'\\', 0, 0xff, 0xF0, 0x9F, 0x98, 0x80], s.Bytes);
    }

    [Theory]
    [InlineData("(module", "1:1: unexpected end of input: unclosed '('")]
    [InlineData("(module))", "1:9: unexpected token: unbalanced ')'")]
    [InlineData("(; open", "1:1: unclosed block comment")]
    [InlineData("\"\\q\"", "1:2: unknown escape sequence in string")]
    [InlineData("\"\\u{D800}\"", "1:10: \\u escape is a surrogate")]
    [InlineData("(i32.const 1\"x\")", "1:13: unknown operator: tokens not separated by white space")]
    [InlineData("a\n  {", "2:3: unexpected character 0x7b")]
    public void BadTokensAreErrorsWithLineAndColumn(string text, string message)
    {
        var e = Assert.Throws<WatParseException>(() => Lexer.Parse(text));

        Assert.Equal(message, e.Message);
    }
}
