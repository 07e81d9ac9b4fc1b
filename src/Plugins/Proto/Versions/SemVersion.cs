using System.Globalization;

namespace PluginHost.Plugins.Proto.Versions;

/// <summary>A semantic version (major.minor.patch[-prerelease][+build]) ordered by semver precedence.</summary>
public sealed record SemVersion(long Major, long Minor, long Patch, string Prerelease = "", string Build = "") : IComparable<SemVersion>
{
    /// <summary>Whether it has a prerelease part.</summary>
    public bool IsPrerelease => Prerelease.Length > 0;

    /// <summary>Parses a full version; a leading "v" is accepted.</summary>
    public static SemVersion Parse(string text) =>
        TryParse(text, out var version) ? version : throw new FormatException($"'{text}' is not a semantic version (expected MAJOR.MINOR.PATCH[-PRE][+BUILD])");

    /// <summary>Parses a full version; false when the text is not one.</summary>
    public static bool TryParse(string text, out SemVersion version)
    {
        version = null!;
        var s = text.Trim();
        if (s.StartsWith('v') || s.StartsWith('V')) s = s[1..];
        var build = "";
        var plus = s.IndexOf('+');
        if (plus >= 0) { build = s[(plus + 1)..]; s = s[..plus]; if (!ValidIdentifiers(build)) return false; }
        var pre = "";
        var dash = s.IndexOf('-');
        if (dash >= 0) { pre = s[(dash + 1)..]; s = s[..dash]; if (!ValidIdentifiers(pre)) return false; }
        var parts = s.Split('.');
        if (parts.Length != 3) return false;
        var numbers = new long[3];
        for (var i = 0; i < 3; i++)
            if (!TryNumber(parts[i], out numbers[i])) return false;
        version = new SemVersion(numbers[0], numbers[1], numbers[2], pre, build);
        return true;
    }

    /// <summary>Parses a decimal component without sign or leading zeros.</summary>
    internal static bool TryNumber(string text, out long value)
    {
        value = 0;
        if (text.Length == 0 || (text.Length > 1 && text[0] == '0') || !text.All(char.IsAsciiDigit)) return false;
        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    private static bool ValidIdentifiers(string text) =>
        text.Length > 0 && text.Split('.').All(id => id.Length > 0 && id.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'));

    /// <inheritdoc />
    public int CompareTo(SemVersion? other)
    {
        if (other is null) return 1;
        var c = Major.CompareTo(other.Major);
        if (c == 0) c = Minor.CompareTo(other.Minor);
        if (c == 0) c = Patch.CompareTo(other.Patch);
        if (c != 0) return c;
        if (Prerelease == other.Prerelease) return 0;
        if (Prerelease.Length == 0) return 1;
        if (other.Prerelease.Length == 0) return -1;
        var a = Prerelease.Split('.');
        var b = other.Prerelease.Split('.');
        for (var i = 0; i < Math.Min(a.Length, b.Length); i++)
        {
            var an = long.TryParse(a[i], NumberStyles.None, CultureInfo.InvariantCulture, out var x);
            var bn = long.TryParse(b[i], NumberStyles.None, CultureInfo.InvariantCulture, out var y);
            c = an && bn ? x.CompareTo(y) : an ? -1 : bn ? 1 : string.CompareOrdinal(a[i], b[i]);
            if (c != 0) return c;
        }
        return a.Length.CompareTo(b.Length);
    }

    /// <summary>Whether this orders before another.</summary>
    public static bool operator <(SemVersion a, SemVersion b) => a.CompareTo(b) < 0;
    /// <summary>Whether this orders after another.</summary>
    public static bool operator >(SemVersion a, SemVersion b) => a.CompareTo(b) > 0;
    /// <summary>Whether this orders before or equal to another.</summary>
    public static bool operator <=(SemVersion a, SemVersion b) => a.CompareTo(b) <= 0;
    /// <summary>Whether this orders after or equal to another.</summary>
    public static bool operator >=(SemVersion a, SemVersion b) => a.CompareTo(b) >= 0;

    /// <inheritdoc />
    public override string ToString() =>
        $"{Major}.{Minor}.{Patch}{(Prerelease.Length > 0 ? "-" + Prerelease : "")}{(Build.Length > 0 ? "+" + Build : "")}";
}
