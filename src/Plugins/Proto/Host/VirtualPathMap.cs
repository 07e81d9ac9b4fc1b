using PluginHost.Plugins.Proto.Api;

namespace PluginHost.Plugins.Proto.Host;

/// <summary>The guest prefixes (/proto, /temp, /userhome, /cwd, /workspace) and the host directories they stand for.</summary>
public sealed class VirtualPathMap
{
    private readonly List<(string Virtual, string Real)> _entries;

    /// <summary>Creates a map from (virtual prefix, real directory) pairs; earlier entries win on ties.</summary>
    public VirtualPathMap(IEnumerable<(string Virtual, string Real)> entries) =>
        _entries = entries.Select(e => (e.Virtual.TrimEnd('/'), Path.TrimEndingDirectorySeparator(Path.GetFullPath(e.Real)))).ToList();

    /// <summary>The entries in order.</summary>
    public IReadOnlyList<(string Virtual, string Real)> Entries => _entries;

    /// <summary>The host path of a guest path; paths under no prefix (or escaping one with "..") are returned unchanged.</summary>
    public string ToReal(string path)
    {
        foreach (var (v, r) in _entries)
        {
            if (path == v) return r;
            if (!path.StartsWith(v + "/", StringComparison.Ordinal)) continue;
            var rest = path[(v.Length + 1)..];
            var full = Path.GetFullPath(Path.Join(r, rest));
            if (full == r || full.StartsWith(r + Path.DirectorySeparatorChar, StringComparison.Ordinal)) return full;
        }
        return path;
    }

    /// <summary>The guest form of a host path (the longest matching real directory wins), or a real-only path.</summary>
    public VirtualPath ToVirtual(string realPath)
    {
        // A path already in guest form stays as it is.
        foreach (var (v, r) in _entries)
            if (realPath == v || realPath.StartsWith(v + "/", StringComparison.Ordinal))
                return new VirtualPath(realPath, v, r);
        var full = Path.GetFullPath(realPath);
        foreach (var (v, r) in _entries.OrderByDescending(e => e.Real.Length))
        {
            if (full == r) return new VirtualPath(v, v, r);
            if (full.StartsWith(r + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                return new VirtualPath(v + "/" + full[(r.Length + 1)..].Replace(Path.DirectorySeparatorChar, '/'), v, r);
        }
        return new VirtualPath(full);
    }

    /// <summary>The map as WASI preopens for ExtismManifest.AllowedPaths (host directory to guest path).</summary>
    public IReadOnlyDictionary<string, string> ToAllowedPaths()
    {
        var paths = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (v, r) in _entries)
        {
            Directory.CreateDirectory(r);
            var key = r;
            // The same directory under two prefixes (e.g. /cwd and /workspace) needs a distinct key.
            while (paths.ContainsKey(key)) key += "/.";
            paths[key] = v;
        }
        return paths;
    }
}
