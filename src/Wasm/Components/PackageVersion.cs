namespace PluginHost.Wasm.Components;

/// <summary>Splits interface names like "wasi:io/streams@0.2.12" and decides semver compatibility between versions.</summary>
/// <remarks>
/// Rule (as cargo and wasmtime): two versions are compatible when they share the same compatibility key: for
/// major &gt;= 1 the major version ("1"); for 0.y with y &gt; 0 the major and minor ("0.2"); for 0.0.z the whole
/// version. Patch (and, for &gt;= 1, minor) may differ in either direction, so a host defining
/// `wasi:io/streams@0.2.0` satisfies guest imports of `@0.2.12` and `@0.2.3`, but not `@0.3.0`. Pre-release
/// versions (with '-') only match exactly. An exact name always wins; otherwise the highest compatible host version.
/// </remarks>
public static class PackageVersion
{
    /// <summary>Splits "name@version" into name and version (null when unversioned).</summary>
    public static (string Name, string? Version) Split(string full)
    {
        var at = full.LastIndexOf('@');
        return at < 0 ? (full, null) : (full[..at], full[(at + 1)..]);
    }

    /// <summary>The compatibility key of a version, or null when it is not a plain x.y.z version.</summary>
    public static string? CompatibilityKey(string version)
    {
        if (version.Contains('-')) return null;
        var core = version.Split('+')[0];
        var parts = core.Split('.');
        if (parts.Length != 3 || !parts.All(p => ulong.TryParse(p, out _))) return null;
        if (parts[0] != "0") return parts[0];
        if (parts[1] != "0") return $"0.{parts[1]}";
        return core;
    }

    /// <summary>Whether a host definition named `defined` satisfies an import named `wanted`.</summary>
    public static bool Satisfies(string defined, string wanted)
    {
        if (defined == wanted) return true;
        var (dn, dv) = Split(defined);
        var (wn, wv) = Split(wanted);
        if (dn != wn || dv is null || wv is null) return false;
        var dk = CompatibilityKey(dv);
        return dk is not null && dk == CompatibilityKey(wv);
    }

    /// <summary>Orders versions numerically (for picking the highest compatible one).</summary>
    internal static IComparable SortKey(string name)
    {
        var (_, v) = Split(name);
        if (v is null) return new Version(0, 0);
        var parts = v.Split('+')[0].Split('-')[0].Split('.');
        return parts.Length == 3 && parts.All(p => int.TryParse(p, out _))
            ? new Version(int.Parse(parts[0]), int.Parse(parts[1]), int.Parse(parts[2]))
            : new Version(0, 0);
    }

    /// <summary>Finds the best match for a wanted name among defined names (exact first, then highest compatible).</summary>
    public static string? FindBest(IEnumerable<string> defined, string wanted)
    {
        string? best = null;
        foreach (var d in defined)
        {
            if (d == wanted) return d;
            if (!Satisfies(d, wanted)) continue;
            if (best is null || SortKey(d).CompareTo(SortKey(best)) > 0) best = d;
        }
        return best;
    }
}
