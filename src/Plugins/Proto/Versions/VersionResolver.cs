using PluginHost.Plugins.Proto.Api;

namespace PluginHost.Plugins.Proto.Versions;

/// <summary>Resolves a requested version, alias or range against the versions and aliases a plugin's load_versions returned.</summary>
public sealed class VersionResolver
{
    private readonly LoadVersionsOutput _loaded;
    private readonly List<SemVersion> _versions;
    private readonly HashSet<string> _raw;

    /// <summary>Creates a resolver over load_versions output; entries that are not semantic versions are kept for exact matches only.</summary>
    public VersionResolver(LoadVersionsOutput loaded)
    {
        _loaded = loaded;
        _versions = loaded.Versions.Select(v => SemVersion.TryParse(v, out var s) ? s : null).OfType<SemVersion>().ToList();
        _raw = loaded.Versions.Select(v => v.Trim()).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Resolves a spec to a version string; throws <see cref="VersionResolutionException"/> when nothing matches.</summary>
    public string Resolve(string spec)
    {
        var current = spec.Trim();
        for (var depth = 0; depth < 16; depth++)
        {
            if (AliasTarget(current) is { } target)
            {
                current = target.Trim();
                continue;
            }
            if (SemVersion.TryParse(current, out var exact))
            {
                var found = _versions.FirstOrDefault(v => v.CompareTo(exact) == 0 && v.Build == exact.Build) ?? _versions.FirstOrDefault(v => v.CompareTo(exact) == 0);
                if (found is not null) return Original(found);
                // A canary or explicit version the index does not list is taken as given once it came through an alias.
                if (depth > 0) return exact.ToString();
                throw new VersionResolutionException(spec, $"version {current} is not among the {_versions.Count} available versions");
            }
            if (_raw.Contains(current) && depth > 0) return current;
            if (!VersionRange.TryParse(current, out var range))
                throw new VersionResolutionException(spec, $"'{current}' is neither a known alias ({string.Join(", ", KnownAliases())}), a version nor a version range");
            var best = range.MaxSatisfying(_versions)
                ?? throw new VersionResolutionException(spec, $"no available version satisfies '{current}' (highest available: {(_versions.Count == 0 ? "none" : _versions.Max()!.ToString())})");
            return Original(best);
        }
        throw new VersionResolutionException(spec, "aliases refer to each other in a cycle");
    }

    private string? AliasTarget(string name)
    {
        if (_loaded.Aliases.TryGetValue(name, out var aliased) && aliased != name) return aliased;
        return name switch
        {
            "latest" => _loaded.Latest ?? HighestStable(),
            "stable" => _loaded.Latest ?? HighestStable(),
            "canary" => _loaded.Canary ?? throw new VersionResolutionException(name, "the plugin reports no canary version"),
            _ => null,
        };
    }

    private string HighestStable() =>
        _versions.Where(v => !v.IsPrerelease).Max() is { } max ? Original(max)
            : throw new VersionResolutionException("latest", "the plugin lists no stable versions");

    private string Original(SemVersion version) =>
        _loaded.Versions.FirstOrDefault(v => SemVersion.TryParse(v, out var s) && s.CompareTo(version) == 0 && s.Build == version.Build)?.Trim().TrimStart('v', 'V') ?? version.ToString();

    private IEnumerable<string> KnownAliases() => new[] { "latest", "stable" }.Concat(_loaded.Canary is null ? [] : ["canary"]).Concat(_loaded.Aliases.Keys).Distinct();
}
