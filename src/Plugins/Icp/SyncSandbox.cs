using System.Text;

namespace PluginHost.Plugins.Icp;

/// <summary>icp-cli's sandbox rules for a plugin step's <c>dirs</c> and <c>files</c>, relative to the canister directory.</summary>
public static class SyncSandbox
{
    private static readonly UTF8Encoding StrictUtf8 = new(false, true);

    /// <summary>Validates directory entries (relative, no `..`, no symlink on the way, existing) and collapses nested and duplicate ones.</summary>
    /// <returns>Normalized relative paths ('/'-separated), each preopened read-only at the same guest path.</returns>
    public static IReadOnlyList<string> ResolveDirs(string baseDir, IEnumerable<string> dirs)
    {
        var normalized = new List<string>();
        foreach (var d in dirs)
        {
            var rel = Check(baseDir, d, "dirs");
            var full = Path.Combine(baseDir, rel);
            if (!Directory.Exists(full)) throw new SyncPluginException($"dirs: `{d}` does not exist or is not a directory (under {baseDir})");
            normalized.Add(rel);
        }
        var result = new List<string>();
        foreach (var rel in normalized.Distinct(StringComparer.Ordinal).OrderBy(r => r.Length).ThenBy(r => r, StringComparer.Ordinal))
        {
            if (result.Any(parent => rel.StartsWith(parent + "/", StringComparison.Ordinal))) continue;
            result.Add(rel);
        }
        return result;
    }

    /// <summary>Validates file entries with the same rules and reads each as UTF-8; the name passed to the plugin is the path as declared.</summary>
    public static IReadOnlyList<(string Name, string Content)> ReadFiles(string baseDir, IEnumerable<string> files)
    {
        var result = new List<(string, string)>();
        foreach (var f in files)
        {
            var rel = Check(baseDir, f, "files");
            var full = Path.Combine(baseDir, rel);
            if (!File.Exists(full)) throw new SyncPluginException($"files: `{f}` does not exist or is not a file (under {baseDir})");
            try
            {
                result.Add((f, StrictUtf8.GetString(File.ReadAllBytes(full))));
            }
            catch (DecoderFallbackException)
            {
                throw new SyncPluginException($"files: `{f}` is not valid UTF-8");
            }
        }
        return result;
    }

    /// <summary>Checks one entry and returns it normalized; throws <see cref="SyncPluginException"/> naming the field and entry.</summary>
    public static string Check(string baseDir, string entry, string field)
    {
        if (string.IsNullOrWhiteSpace(entry)) throw new SyncPluginException($"{field}: empty path");
        if (Path.IsPathRooted(entry) || entry.StartsWith('/') || entry.StartsWith('\\'))
            throw new SyncPluginException($"{field}: `{entry}` must be a relative path");
        var parts = entry.Split('/', '\\').Where(p => p.Length > 0 && p != ".").ToArray();
        if (parts.Any(p => p == "..")) throw new SyncPluginException($"{field}: `{entry}` must not contain `..`");
        if (parts.Length == 0) return ".";
        var current = baseDir;
        foreach (var p in parts)
        {
            current = Path.Combine(current, p);
            FileSystemInfo info = Directory.Exists(current) ? new DirectoryInfo(current) : new FileInfo(current);
            if (info.Exists && info.LinkTarget is not null)
                throw new SyncPluginException($"{field}: `{entry}` goes through a symlink (`{Path.GetRelativePath(baseDir, current)}`)");
        }
        return string.Join('/', parts);
    }
}
