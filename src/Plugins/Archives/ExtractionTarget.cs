using PluginHost.Plugins.Archives.Native;

namespace PluginHost.Plugins.Archives;

/// <summary>
/// The target directory of one extraction: maps entry names to paths (stripping the prefix) and refuses anything
/// that would land outside it, then writes files, directories and links there.
/// </summary>
internal sealed class ExtractionTarget
{
    private const UnixFileMode PermissionBits = (UnixFileMode)0x1FF;

    private readonly string _archivePath;
    private readonly ArchivePrefix? _prefix;
    private readonly List<(string Path, UnixFileMode Mode)> _directoryModes = [];
    private readonly ArchiveLimits _limits;
    private bool _prefixMatched;
    private long _bytesWritten;
    private int _entries;

    /// <summary>Prepares extraction of <paramref name="archivePath"/> into <paramref name="targetDir"/> within <paramref name="limits"/>.</summary>
    public ExtractionTarget(string archivePath, string targetDir, ArchivePrefix? prefix, ArchiveLimits limits)
    {
        _archivePath = archivePath;
        _prefix = prefix;
        _limits = limits;
        Root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(targetDir));
        Directory.CreateDirectory(Root);
        RealRoot = LibC.RealPath(Root) ?? throw new ArchiveException($"Target directory '{Root}' cannot be resolved.");
    }

    /// <summary>The absolute target directory.</summary>
    public string Root { get; }

    /// <summary>The target directory with symlinks resolved: what every written path must stay under.</summary>
    public string RealRoot { get; }

    /// <summary>
    /// The absolute path for an entry, or null when the entry is skipped (not under the prefix, or the root itself).
    /// Throws <see cref="UnsafeArchiveEntryException"/> when the entry would escape the target directory.
    /// </summary>
    public string? Resolve(string entryName)
    {
        if (++_entries > _limits.MaxEntries)
        {
            throw new ArchiveException($"Archive '{_archivePath}' has more than {_limits.MaxEntries} entries; refusing it (limit of one extraction).");
        }

        string[]? relative = RelativeSegments(entryName);
        if (relative is null || relative.Length == 0)
        {
            return null;
        }

        string full = Path.GetFullPath(Path.Join(Root, string.Join('/', relative)));
        if (!IsInside(full))
        {
            throw Unsafe(entryName, "its path resolves outside the target directory");
        }

        EnsureNotWrittenThroughEscapingSymlink(entryName, full);
        return full;
    }

    /// <summary>Creates a directory; its permissions are applied in <see cref="Finish"/> so read-only folders still fill.</summary>
    public void CreateDirectory(string path, UnixFileMode? mode)
    {
        Directory.CreateDirectory(path);
        if (mode is { } m)
        {
            _directoryModes.Add((path, m));
        }
    }

    /// <summary>Writes a regular file from <paramref name="data"/> (replacing what was there) and applies its permissions.</summary>
    public async Task WriteFileAsync(string entryName, string path, Stream? data, UnixFileMode? mode, CancellationToken cancellationToken)
    {
        PrepareLeaf(entryName, path);
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            Share = FileShare.None,
            Options = FileOptions.Asynchronous,
            BufferSize = 0,
        };
        await using (var output = new FileStream(path, options))
        {
            if (data is not null)
            {
                await CopyWithinLimitAsync(entryName, data, output, cancellationToken).ConfigureAwait(false);
            }
        }

        if (mode is { } m && !OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, m & PermissionBits);
        }
    }

    private async Task CopyWithinLimitAsync(string entryName, Stream data, Stream output, CancellationToken cancellationToken)
    {
        var buffer = new byte[81920];
        int read;
        while ((read = await data.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            _bytesWritten += read;
            if (_bytesWritten > _limits.MaxBytes)
            {
                throw new ArchiveException(
                    $"Archive '{_archivePath}' unpacks to more than {_limits.MaxBytes} bytes (at entry '{entryName}'); refusing a possible decompression bomb.");
            }

            await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Creates a symlink after checking that its target stays inside the target directory.</summary>
    public void CreateSymlink(string entryName, string path, string linkTarget)
    {
        if (linkTarget.Length == 0)
        {
            throw new ArchiveException($"Entry '{entryName}' of archive '{_archivePath}' is a symlink with an empty target.");
        }

        string normalized = linkTarget.Replace('\\', '/');
        if (normalized.StartsWith('/') || (normalized.Length >= 2 && char.IsAsciiLetter(normalized[0]) && normalized[1] == ':'))
        {
            throw Unsafe(entryName, $"it is a symlink to the absolute path '{linkTarget}'");
        }

        // Resolve the target lexically from the link's real folder: it must stay under the real target directory.
        PrepareLeaf(entryName, path);
        string realParent = LibC.RealPath(Path.GetDirectoryName(path)!)
            ?? throw Unsafe(entryName, "its folder cannot be resolved");
        var stack = new List<string>(Path.GetRelativePath(RealRoot, realParent).Split('/').Where(s => s is not ("." or "")));
        foreach (string segment in normalized.Split('/'))
        {
            if (segment is "" or ".")
            {
                continue;
            }

            if (segment == "..")
            {
                if (stack.Count == 0)
                {
                    throw Unsafe(entryName, $"it is a symlink to '{linkTarget}', which points outside the target directory");
                }

                // The kernel applies '..' to where a symlink leads, not to its name: refuse '..' right after a symlink.
                string walked = Path.Join(RealRoot, string.Join('/', stack));
                if (new FileInfo(walked).LinkTarget is not null)
                {
                    throw Unsafe(entryName, $"it is a symlink to '{linkTarget}', whose '..' follows the symlink '{string.Join('/', stack)}'");
                }

                stack.RemoveAt(stack.Count - 1);
            }
            else
            {
                stack.Add(segment);
            }
        }

        File.CreateSymbolicLink(path, linkTarget);

        // Where the link already resolves (through other links), the real result must be inside too.
        if (LibC.RealPath(path) is { } resolved && !IsInsideRealRoot(resolved))
        {
            File.Delete(path);
            throw Unsafe(entryName, $"it is a symlink to '{linkTarget}', which resolves to '{resolved}' outside the target directory");
        }
    }

    /// <summary>Creates a hard link to an already extracted entry (a copy when the file system refuses links).</summary>
    public void CreateHardLink(string entryName, string path, string targetEntryName)
    {
        string? target = Resolve(targetEntryName);
        if (target is null || !File.Exists(target))
        {
            throw new ArchiveException(
                $"Entry '{entryName}' of archive '{_archivePath}' is a hard link to '{targetEntryName}', which was not extracted before it.");
        }

        PrepareLeaf(entryName, path);
        if (LibC.Link(target, path) != 0)
        {
            File.Copy(target, path);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, File.GetUnixFileMode(target));
            }
        }
    }

    /// <summary>Applies deferred directory permissions (owner keeps rwx) and checks that the prefix matched something.</summary>
    public void Finish()
    {
        if (_prefix is not null && !_prefixMatched)
        {
            throw new ArchiveException($"Archive prefix '{_prefix.Text}' matched no entry of archive '{_archivePath}'.");
        }

        if (OperatingSystem.IsWindows())
        {
            return;
        }

        foreach ((string path, UnixFileMode mode) in Enumerable.Reverse(_directoryModes))
        {
            File.SetUnixFileMode(path, (mode & PermissionBits) | UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    /// <summary>Path of a single decompressed file named <paramref name="fileName"/> in the target directory.</summary>
    public string SingleFilePath(string fileName) => Path.Join(Root, Path.GetFileName(fileName));

    private string[]? RelativeSegments(string entryName)
    {
        string name = entryName.Replace('\\', '/');
        if (name.StartsWith('/') || (name.Length >= 2 && char.IsAsciiLetter(name[0]) && name[1] == ':'))
        {
            throw Unsafe(entryName, "it has an absolute path");
        }

        if (name.Contains('\0'))
        {
            throw Unsafe(entryName, "its name contains a NUL character");
        }

        string[] segments = name.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(s => s != ".").ToArray();
        if (segments.Contains(".."))
        {
            throw Unsafe(entryName, "its path contains '..'");
        }

        if (_prefix is null)
        {
            return segments;
        }

        if (!_prefix.TryStrip(segments, out string[] rest))
        {
            return null;
        }

        _prefixMatched = true;
        return rest;
    }

    private void EnsureNotWrittenThroughEscapingSymlink(string entryName, string full)
    {
        string current = Root;
        string[] parts = Path.GetRelativePath(Root, full).Split('/');
        for (int i = 0; i < parts.Length - 1; i++)
        {
            current = Path.Join(current, parts[i]);
            var info = new FileInfo(current);
            bool isLink = info.LinkTarget is not null;
            if (!isLink && !Directory.Exists(current))
            {
                // Nothing there yet (or a file, which makes the write fail later): nothing below can be a link either.
                return;
            }

            string? real = LibC.RealPath(current);
            if (real is null || !IsInsideRealRoot(real))
            {
                string where = real is null ? "does not resolve" : $"resolves to '{real}' outside the target directory";
                throw Unsafe(entryName, $"it would be written through the symlink '{Path.GetRelativePath(Root, current)}', which {where}");
            }
        }
    }

    private void PrepareLeaf(string entryName, string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var existing = new FileInfo(path);
        if (existing.LinkTarget is not null || existing.Exists)
        {
            File.Delete(path);
        }
        else if (Directory.Exists(path))
        {
            throw new ArchiveException($"Entry '{entryName}' of archive '{_archivePath}' would replace the directory '{path}'.");
        }
    }

    private bool IsInsideRealRoot(string realPath) =>
        realPath == RealRoot || realPath.StartsWith(RealRoot + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    private bool IsInside(string fullPath) =>
        fullPath == Root || fullPath.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    private UnsafeArchiveEntryException Unsafe(string entryName, string reason) => new(_archivePath, entryName, reason);
}
