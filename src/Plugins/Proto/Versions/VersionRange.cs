using Semver;

namespace PluginHost.Plugins.Proto.Versions;

/// <summary>
/// A version requirement: partial versions (<c>1</c>, <c>1.2</c>, <c>1.x</c>), exact (<c>=1.2.3</c>), caret (<c>^1.2</c>),
/// tilde (<c>~1.2.3</c>, <c>~&gt;1.2</c>), comparisons (<c>&gt;=1, &lt;2</c> or <c>&gt;=1 &lt;2</c>), <c>*</c>, and alternatives
/// joined by <c>||</c>. Matching is Semver 3.0.0's npm ranges (prereleases only when a comparator names a prerelease of
/// the same major.minor.patch); this type adds proto's comma separator and refuses empty alternatives, which npm reads as <c>*</c>.
/// </summary>
public sealed class VersionRange
{
    private readonly SemVersionRange _range;

    private VersionRange(string text, SemVersionRange range)
    {
        Text = text;
        _range = range;
    }

    /// <summary>The requirement as written.</summary>
    public string Text { get; }

    /// <summary>Parses a requirement; throws FormatException naming the bad part.</summary>
    public static VersionRange Parse(string text)
    {
        if (string.IsNullOrWhiteSpace(text)) throw new FormatException("empty version requirement");
        if (text.Split("||").Any(string.IsNullOrWhiteSpace)) throw new FormatException($"empty alternative in version requirement '{text}'");
        try
        {
            // proto (Rust's semver) separates comparators with commas, npm with spaces; both mean "all of".
            return new VersionRange(text.Trim(), SemVersionRange.ParseNpm(text.Replace(',', ' ')));
        }
        catch (FormatException e)
        {
            throw new FormatException($"version requirement '{text}': {e.Message.TrimEnd('.')}", e);
        }
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

    /// <summary>Whether a version satisfies the requirement.</summary>
    public bool IsSatisfiedBy(SemVersion version) => _range.Contains(
        new Semver.SemVersion(version.Major, version.Minor, version.Patch, version.IsPrerelease ? version.Prerelease.Split('.') : null, null));

    /// <summary>The highest version satisfying the requirement, or null.</summary>
    public SemVersion? MaxSatisfying(IEnumerable<SemVersion> versions) => versions.Where(IsSatisfiedBy).Max();

    /// <inheritdoc />
    public override string ToString() => Text;
}
