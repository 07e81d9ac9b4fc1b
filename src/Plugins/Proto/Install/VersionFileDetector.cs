using PluginHost.Plugins.Proto.Api;

namespace PluginHost.Plugins.Proto.Install;

/// <summary>
/// Finds a tool's version in its ecosystem's version files the way proto does: detect_version_files names the files
/// (and directory patterns to skip); each directory from the working directory up to the .prototools directory is
/// searched in order, and in it the files in the plugin's order; a file's trimmed content, when not empty, goes through
/// parse_version_file if exported (a null version moves on to the next file), else is the version itself.
/// </summary>
public static class VersionFileDetector
{
    /// <summary>A found version requirement and the file it came from.</summary>
    public sealed record Detected(string Version, string File);

    /// <summary>The version of the first matching file, or null; also returns the files the plugin named (for error messages).</summary>
    public static async Task<(Detected? Found, IReadOnlyList<string> Files)> DetectAsync(ProtoToolPlugin plugin, PluginUnresolvedContext context,
        IReadOnlyList<string> directories, CancellationToken cancellationToken)
    {
        if (!plugin.Exports("detect_version_files")) return (null, []);
        var output = await plugin.CallAsync<DetectVersionInput, DetectVersionOutput>("detect_version_files", new DetectVersionInput { Context = context }, cancellationToken).ConfigureAwait(false);
        var parser = plugin.Exports("parse_version_file");
        foreach (var dir in directories)
        {
            if (output.Ignore.Any(pattern => pattern.Length > 0 && dir.Contains(pattern, StringComparison.Ordinal))) continue;
            foreach (var name in output.Files)
            {
                if (name.Length == 0 || name.Contains('/') || name.Contains('\\') || name is "." or "..")
                    throw new ToolInstallException(plugin.ToolId, "detect_version_files", $"file '{name}' is not a plain file name");
                var path = Path.Join(dir, name);
                if (!File.Exists(path)) continue;
                var content = (await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false)).Trim();
                if (content.Length == 0) continue;
                string? version = content;
                if (parser)
                {
                    var parsed = await plugin.CallAsync<ParseVersionFileInput, ParseVersionFileOutput>("parse_version_file", new ParseVersionFileInput
                    {
                        Content = content,
                        Context = context,
                        File = name,
                        Path = plugin.Paths.ToVirtual(path),
                    }, cancellationToken).ConfigureAwait(false);
                    version = parsed.Version?.Trim();
                }
                if (version is { Length: > 0 }) return (new Detected(version, path), output.Files);
            }
        }
        return (null, output.Files);
    }

    /// <summary>The directories searched: from start up through its parents to stop (inclusive); when stop is not above start, start then stop.</summary>
    public static IReadOnlyList<string> Directories(string start, string stop)
    {
        var from = Path.TrimEndingDirectorySeparator(Path.GetFullPath(start));
        var to = Path.TrimEndingDirectorySeparator(Path.GetFullPath(stop));
        var dirs = new List<string>();
        for (var dir = new DirectoryInfo(from); dir is not null; dir = dir.Parent)
        {
            dirs.Add(Path.TrimEndingDirectorySeparator(dir.FullName));
            if (dirs[^1] == to) return dirs;
        }
        return from == to ? [from] : [from, to];
    }
}
