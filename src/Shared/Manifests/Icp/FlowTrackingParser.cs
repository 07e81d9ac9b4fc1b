using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace PluginHost.Shared.Manifests.Icp;

/// <summary>A YamlDotNet parser that remembers the flow collections (<c>[</c>, <c>{</c>) still open, so an error
/// YamlDotNet's scanner reports without a position (an InvalidOperationException) can still name a line and a cause.</summary>
internal sealed class FlowTrackingParser : IParser
{
    private readonly Scanner _scanner;
    private readonly Parser _parser;
    private readonly Stack<(char Open, Mark Start)> _open = new();

    /// <summary>Parses <paramref name="reader"/>.</summary>
    public FlowTrackingParser(TextReader reader)
    {
        _scanner = new Scanner(reader);
        _parser = new Parser(_scanner);
    }

    /// <inheritdoc />
    public ParsingEvent? Current => _parser.Current;

    /// <summary>Where the scanner is (1-based line).</summary>
    public Mark Position => _scanner.CurrentPosition;

    /// <summary>The innermost flow collection not closed yet, if any.</summary>
    public (char Open, Mark Start)? InnermostOpen => _open.Count > 0 ? _open.Peek() : null;

    /// <inheritdoc />
    public bool MoveNext()
    {
        if (!_parser.MoveNext()) return false;
        switch (_parser.Current)
        {
            case SequenceStart { Style: SequenceStyle.Flow } s: _open.Push(('[', s.Start)); break;
            case MappingStart { Style: MappingStyle.Flow } m: _open.Push(('{', m.Start)); break;
            case SequenceEnd or MappingEnd when _open.Count > 0: _open.Pop(); break;
        }
        return true;
    }
}
