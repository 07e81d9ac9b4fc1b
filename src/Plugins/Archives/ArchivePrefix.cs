using System.Text.RegularExpressions;

namespace PluginHost.Plugins.Archives;

/// <summary>
/// A leading folder to strip from every entry (proto's <c>archive_prefix</c>). Matched segment by segment; a
/// <c>*</c> inside a segment matches any run of characters within that one segment (e.g. <c>node-v*-linux-x64</c>).
/// </summary>
public sealed class ArchivePrefix
{
    private readonly Regex[] _segments;

    private ArchivePrefix(string text, Regex[] segments)
    {
        Text = text;
        _segments = segments;
    }

    /// <summary>The prefix as given.</summary>
    public string Text { get; }

    /// <summary>Parses a prefix such as <c>tool-*</c> or <c>dist/tool-*/bin</c>; null or empty means none.</summary>
    public static ArchivePrefix? Parse(string? prefix)
    {
        if (string.IsNullOrWhiteSpace(prefix))
        {
            return null;
        }

        string[] parts = prefix.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries)
            .Where(p => p != ".")
            .ToArray();
        if (parts.Length == 0)
        {
            return null;
        }

        Regex[] segments = parts
            .Select(p => new Regex("^" + Regex.Escape(p).Replace(@"\*", "[^/]*") + "$", RegexOptions.CultureInvariant))
            .ToArray();
        return new ArchivePrefix(prefix, segments);
    }

    /// <summary>Strips the prefix from an entry's path segments; false when the entry is not under the prefix.</summary>
    public bool TryStrip(IReadOnlyList<string> segments, out string[] rest)
    {
        rest = [];
        if (segments.Count < _segments.Length)
        {
            return false;
        }

        for (int i = 0; i < _segments.Length; i++)
        {
            if (!_segments[i].IsMatch(segments[i]))
            {
                return false;
            }
        }

        rest = segments.Skip(_segments.Length).ToArray();
        return true;
    }
}
