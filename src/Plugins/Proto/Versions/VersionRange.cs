namespace PluginHost.Plugins.Proto.Versions;

/// <summary>
/// A version requirement: partial versions (<c>1</c>, <c>1.2</c>, <c>1.x</c>), exact (<c>=1.2.3</c>), caret (<c>^1.2</c>),
/// tilde (<c>~1.2.3</c>), comparisons (<c>&gt;=1, &lt;2</c> or <c>&gt;=1 &lt;2</c>), <c>*</c>, and alternatives joined by <c>||</c>.
/// </summary>
public sealed class VersionRange
{
    private readonly IReadOnlyList<IReadOnlyList<Comparator>> _alternatives;

    private VersionRange(string text, IReadOnlyList<IReadOnlyList<Comparator>> alternatives)
    {
        Text = text;
        _alternatives = alternatives;
    }

    /// <summary>The requirement as written.</summary>
    public string Text { get; }

    private sealed record Comparator(string Op, SemVersion Version);

    /// <summary>Parses a requirement; throws FormatException naming the bad part.</summary>
    public static VersionRange Parse(string text)
    {
        if (string.IsNullOrWhiteSpace(text)) throw new FormatException("empty version requirement");
        var alternatives = new List<IReadOnlyList<Comparator>>();
        foreach (var alternative in text.Split("||"))
        {
            var comparators = new List<Comparator>();
            var tokens = alternative.Replace(",", " ").Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
            // Join an operator written apart from its version (">= 1").
            for (var i = 0; i < tokens.Count - 1; i++)
                if (tokens[i] is ">" or ">=" or "<" or "<=" or "=" or "^" or "~" or "~>") { tokens[i] += tokens[i + 1]; tokens.RemoveAt(i + 1); }
            if (tokens.Count == 0) throw new FormatException($"empty alternative in version requirement '{text}'");
            foreach (var token in tokens) comparators.AddRange(ParseToken(token, text));
            alternatives.Add(comparators);
        }
        return new VersionRange(text.Trim(), alternatives);
    }

    /// <summary>Parses a requirement; false when it is not one.</summary>
    public static bool TryParse(string text, out VersionRange range)
    {
        try
        {
            range = Parse(text);
            return true;
        }
        catch (FormatException)
        {
            range = null!;
            return false;
        }
    }

    /// <summary>Whether a version satisfies the requirement; prereleases match only when a comparator names a prerelease of the same major.minor.patch.</summary>
    public bool IsSatisfiedBy(SemVersion version) => _alternatives.Any(all =>
        all.All(c => Holds(c, version)) &&
        (!version.IsPrerelease || all.Any(c => c.Version.IsPrerelease && c.Version.Major == version.Major && c.Version.Minor == version.Minor && c.Version.Patch == version.Patch)));

    /// <summary>The highest version satisfying the requirement, or null.</summary>
    public SemVersion? MaxSatisfying(IEnumerable<SemVersion> versions) => versions.Where(IsSatisfiedBy).Max();

    /// <inheritdoc />
    public override string ToString() => Text;

    private static bool Holds(Comparator c, SemVersion v) => c.Op switch
    {
        ">" => v > c.Version,
        ">=" => v >= c.Version,
        "<" => v < c.Version,
        "<=" => v <= c.Version,
        _ => v.CompareTo(c.Version) == 0,
    };

    private static IEnumerable<Comparator> ParseToken(string token, string text)
    {
        var op = token.StartsWith(">=") || token.StartsWith("<=") || token.StartsWith("~>") ? token[..2]
            : token[0] is '>' or '<' or '=' or '^' or '~' ? token[..1] : "";
        var (parts, pre) = ParsePartial(token[op.Length..], text);
        var major = parts.Length > 0 ? parts[0] : (long?)null;
        var minor = parts.Length > 1 ? parts[1] : (long?)null;
        var patch = parts.Length > 2 ? parts[2] : (long?)null;
        var low = new SemVersion(major ?? 0, minor ?? 0, patch ?? 0, pre);
        if (major is null) return op is "<" or ">" ? [new("<", new SemVersion(0, 0, 0, "0"))] : [];
        switch (op)
        {
            case "^":
                SemVersion upper = major > 0 || minor is null ? new(major.Value + 1, 0, 0, "0")
                    : minor > 0 || patch is null ? new(0, minor.Value + 1, 0, "0")
                    : new(0, 0, patch.Value + 1, "0");
                return [new(">=", low), new("<", upper)];
            case "~" or "~>":
                return [new(">=", low), new("<", minor is null ? new(major.Value + 1, 0, 0, "0") : new(major.Value, minor.Value + 1, 0, "0"))];
            case "" or "=":
                if (patch is not null) return [new("=", low)];
                return [new(">=", low), new("<", minor is null ? new(major.Value + 1, 0, 0, "0") : new(major.Value, minor.Value + 1, 0, "0"))];
            case ">":
                if (patch is not null) return [new(">", low)];
                return [new(">=", minor is null ? new(major.Value + 1, 0, 0) : new(major.Value, minor.Value + 1, 0))];
            case "<=":
                if (patch is not null) return [new("<=", low)];
                return [new("<", minor is null ? new(major.Value + 1, 0, 0, "0") : new(major.Value, minor.Value + 1, 0, "0"))];
            case "<":
                return [new("<", patch is null && pre.Length == 0 ? low with { Prerelease = "0" } : low)];
            default:
                return [new(op, low)];
        }
    }

    private static (long[] Parts, string Pre) ParsePartial(string s, string text)
    {
        if (s.StartsWith('v') || s.StartsWith('V')) s = s[1..];
        var pre = "";
        var plus = s.IndexOf('+');
        if (plus >= 0) s = s[..plus];
        var dash = s.IndexOf('-');
        if (dash >= 0) { pre = s[(dash + 1)..]; s = s[..dash]; }
        if (s is "*" or "x" or "X") return ([], "");
        var parts = new List<long>();
        var segments = s.Split('.');
        if (segments.Length > 3) throw new FormatException($"'{s}' in version requirement '{text}' has more than three parts");
        foreach (var part in segments)
        {
            if (part is "*" or "x" or "X") break;
            if (!SemVersion.TryNumber(part, out var n)) throw new FormatException($"'{s}' in version requirement '{text}' is not a version (expected numbers like 1, 1.2 or 1.2.3)");
            parts.Add(n);
        }
        if (pre.Length > 0 && parts.Count < 3) throw new FormatException($"'{s}' in version requirement '{text}' has a prerelease but no patch number");
        return (parts.ToArray(), pre);
    }
}
