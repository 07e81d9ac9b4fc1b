namespace PluginHost.Wasm.Wasi;

/// <summary>Resolves guest paths against a directory descriptor without ever leaving its preopen.</summary>
internal static class SandboxPath
{
    private const int MaxSymlinkExpansions = 40;

    /// <summary>Resolves a guest path to a path below the preopen root ('/'-separated, "" = root).</summary>
    /// <param name="dir">The directory the path is relative to.</param>
    /// <param name="guestPath">The guest's path.</param>
    /// <param name="followFinal">Whether a symlink in the last component is followed.</param>
    public static string Resolve(DirectoryDescriptor dir, string guestPath, bool followFinal)
    {
        if (guestPath.Length == 0) throw new WasiErrorException(WasiErrno.NoEnt);
        if (guestPath.Contains('\0')) throw new WasiErrorException(WasiErrno.Ilseq);
        if (guestPath.StartsWith('/')) throw new WasiErrorException(WasiErrno.NotCapable);

        var current = new List<string>(Split(dir.RelativePath));
        var pending = new LinkedList<string>(Split(guestPath));
        var trailingSlash = guestPath.EndsWith('/');
        var expansions = 0;
        while (pending.First is { } node)
        {
            var part = node.Value;
            pending.RemoveFirst();
            if (part is "" or ".") continue;
            if (part == "..")
            {
                if (current.Count == 0) throw new WasiErrorException(WasiErrno.NotCapable);
                current.RemoveAt(current.Count - 1);
                continue;
            }
            var isLast = pending.Count == 0;
            var hostPath = Path.Combine(dir.Root.HostPath, Path.Combine([.. current, part]));
            if (!isLast || followFinal || trailingSlash)
            {
                var target = ReadLink(hostPath);
                if (target is not null)
                {
                    if (++expansions > MaxSymlinkExpansions) throw new WasiErrorException(WasiErrno.Loop);
                    if (target.StartsWith('/')) throw new WasiErrorException(WasiErrno.NotCapable);
                    var parts = Split(target);
                    for (var i = parts.Length - 1; i >= 0; i--) pending.AddFirst(parts[i]);
                    continue;
                }
            }
            current.Add(part);
        }
        return string.Join('/', current);
    }

    /// <summary>Whether a symlink placed in directory `linkDir` (below the root) with this target would stay inside the root.</summary>
    public static bool TargetStaysInside(string linkDir, string target)
    {
        if (target.StartsWith('/')) return false;
        var depth = Split(linkDir).Length;
        foreach (var part in Split(target))
        {
            if (part == "..") depth--;
            else if (part is not ("" or ".")) depth++;
            if (depth < 0) return false;
        }
        return true;
    }

    /// <summary>The host path of a resolved relative path.</summary>
    public static string HostPath(DirectoryDescriptor dir, string relative) =>
        relative.Length == 0 ? dir.Root.HostPath : Path.Combine(dir.Root.HostPath, relative);

    /// <summary>The parent of a resolved relative path ("" for a top-level entry).</summary>
    public static string Parent(string relative)
    {
        var slash = relative.LastIndexOf('/');
        return slash < 0 ? "" : relative[..slash];
    }

    private static string? ReadLink(string hostPath)
    {
        try
        {
            return new FileInfo(hostPath).LinkTarget;
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static string[] Split(string path) => path.Split('/', StringSplitOptions.RemoveEmptyEntries);
}
