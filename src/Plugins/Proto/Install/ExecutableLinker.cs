using PluginHost.Plugins.Proto.Api;

namespace PluginHost.Plugins.Proto.Install;

/// <summary>Finds a tool's executables with locate_executables and links them into the bin directory.</summary>
internal static class ExecutableLinker
{
    /// <summary>Runs locate_executables (or falls back to an executable named like the tool), marks the files executable and links bins.</summary>
    public static async Task<(IReadOnlyDictionary<string, string> Exes, IReadOnlyList<string> Links)> LinkAsync(ProtoToolPlugin plugin, PluginContext context,
        string installDir, string binDir, CancellationToken cancellationToken)
    {
        var id = plugin.ToolId;
        const string fn = "locate_executables";
        IReadOnlyDictionary<string, ExecutableConfig> configs;
        if (plugin.Exports(fn))
        {
            var output = await plugin.CallAsync<LocateExecutablesInput, LocateExecutablesOutput>(fn,
                new LocateExecutablesInput { Context = context, InstallDir = context.ToolDir }, cancellationToken).ConfigureAwait(false);
            configs = output.Exes;
        }
        else
        {
            configs = File.Exists(Path.Join(installDir, id))
                ? new Dictionary<string, ExecutableConfig> { [id] = new() { ExePath = id, Primary = true } }
                : new Dictionary<string, ExecutableConfig>();
        }
        var exes = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var links = new List<string>();
        foreach (var (name, config) in configs.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            if (config.ExePath is not { Length: > 0 } relative) continue;
            if (name.Length == 0 || name is "." or ".." || name.Contains('/') || name.Contains('\\'))
                throw new ToolInstallException(id, fn, $"exes key '{name}' is not a plain file name");
            var exe = Inside(installDir, relative, id, fn, name);
            if (!File.Exists(exe))
                throw new ToolInstallException(id, fn, $"executable '{name}' at '{relative}' does not exist in {installDir}");
            MakeExecutable(exe);
            exes[name] = exe;
            if (config.NoBin) continue;
            var linkTarget = config.ExeLinkPath is { Length: > 0 } l ? Inside(installDir, l, id, fn, name) : exe;
            var link = Path.Join(binDir, name);
            var temp = link + ".tmp-" + Guid.NewGuid().ToString("N")[..8];
            File.CreateSymbolicLink(temp, linkTarget);
            File.Move(temp, link, overwrite: true);
            links.Add(link);
        }
        return (exes, links);
    }

    private static string Inside(string installDir, string relative, string id, string fn, string name)
    {
        var full = Path.GetFullPath(Path.Join(installDir, relative));
        if (!full.StartsWith(Path.GetFullPath(installDir) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new ToolInstallException(id, fn, $"executable '{name}' path '{relative}' points outside the install directory");
        return full;
    }

    /// <summary>Removes bin links pointing into an install directory.</summary>
    public static void RemoveLinksInto(string binDir, string installDir)
    {
        if (!Directory.Exists(binDir)) return;
        foreach (var link in Directory.EnumerateFileSystemEntries(binDir))
        {
            var target = new FileInfo(link).LinkTarget;
            if (target is not null && Path.GetFullPath(target).StartsWith(installDir + Path.DirectorySeparatorChar, StringComparison.Ordinal)) File.Delete(link);
        }
    }

    /// <summary>Adds execute permission for user, group and others.</summary>
    public static void MakeExecutable(string path)
    {
        if (OperatingSystem.IsWindows()) return;
        File.SetUnixFileMode(path, File.GetUnixFileMode(path) | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
    }

}
