using PluginHost.Wasm.Components;

namespace PluginHost.Wasm.Wasi2;

public sealed partial class Wasi2Context
{
    private static ComponentValue Fail(string code) => ComponentValue.Err(ComponentValue.Enum(code));

    private void AddFilesystem(ComponentLinker linker)
    {
        var types = linker.Instance(I("wasi:filesystem/types"));
        _descriptorType = types.DefineResource("descriptor", rep => _descriptors.Remove(rep));
        _dirStreamType = types.DefineResource("directory-entry-stream", rep => _dirStreams.Remove(rep));

        Descriptor2 D(ComponentValue v) => _descriptors.Get(v.HandleRep);

        types.DefineMethod("descriptor", "get-type", a => ComponentValue.Ok(ComponentValue.Enum(D(a[0]).IsDirectory ? "directory" : "regular-file")));
        types.DefineMethod("descriptor", "get-flags", _ => ComponentValue.Ok(ComponentValue.Flags("read")));
        types.DefineMethod("descriptor", "stat", a => Stat(D(a[0]).HostPath));
        types.DefineMethod("descriptor", "stat-at", a =>
        {
            var follow = a[1].SetFlags.Contains("symlink-follow");
            var (path, error) = Resolve(D(a[0]), a[2].AsString);
            if (path is null) return Fail(error!);
            if (follow && Link(path) is { } link && link.ResolveLinkTarget(true) is { } target) path = target.FullName;
            return Stat(path);
        });
        types.DefineMethod("descriptor", "metadata-hash", a => Hash(D(a[0]).HostPath));
        types.DefineMethod("descriptor", "metadata-hash-at", a =>
        {
            var (path, error) = Resolve(D(a[0]), a[2].AsString);
            return path is null ? Fail(error!) : Hash(path);
        });
        types.DefineMethod("descriptor", "is-same-object", a => ComponentValue.Bool(D(a[0]).HostPath == D(a[1]).HostPath));
        types.DefineMethod("descriptor", "open-at", a =>
        {
            var dir = D(a[0]);
            if (!dir.IsDirectory) return Fail("not-directory");
            var openFlags = a[3].SetFlags;
            var descFlags = a[4].SetFlags;
            if (openFlags.Any(f => f is "create" or "exclusive" or "truncate") || descFlags.Any(f => f is "write" or "mutate-directory"))
                return Fail("read-only");
            var (path, error) = Resolve(dir, a[2].AsString);
            if (path is null) return Fail(error!);
            var isDir = Directory.Exists(path);
            if (!isDir && !File.Exists(path)) return Fail("no-entry");
            if (openFlags.Contains("directory") && !isDir) return Fail("not-directory");
            return ComponentValue.Ok(ComponentValue.Own(_descriptorType, _descriptors.Add(new Descriptor2(path, dir.Root, isDir))));
        });
        types.DefineMethod("descriptor", "read-via-stream", a =>
        {
            var d = D(a[0]);
            if (d.IsDirectory) return Fail("is-directory");
            var stream = OpenRead(d.HostPath);
            if (stream is null) return Fail("access");
            stream.Position = (long)Math.Min(a[1].AsU64, (ulong)stream.Length);
            return ComponentValue.Ok(ComponentValue.Own(_inputType, _inputs.Add(new InputStream2(stream))));
        });
        types.DefineMethod("descriptor", "read", a =>
        {
            var d = D(a[0]);
            if (d.IsDirectory) return Fail("is-directory");
            using var stream = OpenRead(d.HostPath);
            if (stream is null) return Fail("access");
            var offset = a[2].AsU64;
            var length = (int)Math.Min(a[1].AsU64, 1 << 20);
            if (offset >= (ulong)stream.Length) return ComponentValue.Ok(ComponentValue.Tuple(ComponentValue.Bytes([]), ComponentValue.Bool(true)));
            stream.Position = (long)offset;
            var buffer = new byte[length];
            var n = stream.ReadAtLeast(buffer, length, throwOnEndOfStream: false);
            return ComponentValue.Ok(ComponentValue.Tuple(ComponentValue.Bytes(buffer[..n]), ComponentValue.Bool(stream.Position >= stream.Length)));
        });
        types.DefineMethod("descriptor", "read-directory", a =>
        {
            var d = D(a[0]);
            if (!d.IsDirectory) return Fail("not-directory");
            var entries = new Queue<(string, string)>();
            foreach (var e in new DirectoryInfo(d.HostPath).EnumerateFileSystemInfos().OrderBy(e => e.Name, StringComparer.Ordinal))
                entries.Enqueue((e.Name, TypeOf(e)));
            return ComponentValue.Ok(ComponentValue.Own(_dirStreamType, _dirStreams.Add(new DirectoryStream2(entries))));
        });
        types.DefineMethod("directory-entry-stream", "read-directory-entry", a =>
        {
            var s = _dirStreams.Get(a[0].HandleRep);
            return ComponentValue.Ok(s.Entries.TryDequeue(out var e)
                ? ComponentValue.Some(ComponentValue.Record(ComponentValue.Enum(e.Type), ComponentValue.String(e.Name)))
                : ComponentValue.None);
        });
        types.DefineMethod("descriptor", "advise", _ => ComponentValue.Ok());
        types.DefineMethod("descriptor", "sync", _ => ComponentValue.Ok());
        types.DefineMethod("descriptor", "sync-data", _ => ComponentValue.Ok());
        types.DefineMethod("descriptor", "readlink-at", a =>
        {
            var (path, error) = Resolve(D(a[0]), a[1].AsString);
            if (path is null) return Fail(error!);
            return Link(path)?.LinkTarget is { } target ? ComponentValue.Ok(ComponentValue.String(target)) : Fail("invalid");
        });
        types.DefineFunction("filesystem-error-code", _ => ComponentValue.None);
        // Everything else (write, write-via-stream, append-via-stream, set-size, set-times, create-directory-at,
        // link-at, rename-at, remove-directory-at, symlink-at, unlink-file-at...) changes the file system: refused.
        types.Fallback = Refusal.Refuse("read-only");

        linker.Instance(I("wasi:filesystem/preopens")).DefineFunction("get-directories", _ => ComponentValue.List(Config.Preopens
            .Select(p =>
            {
                var root = Path.GetFullPath(p.HostPath);
                var rep = _descriptors.Add(new Descriptor2(root, root, true));
                return ComponentValue.Tuple(ComponentValue.Own(_descriptorType, rep), ComponentValue.String(p.GuestPath));
            }).ToArray()));
    }

    /// <summary>The file system entry at a path when it is a symbolic link, else null.</summary>
    private static FileSystemInfo? Link(string path)
    {
        FileSystemInfo info = new FileInfo(path);
        if (!info.Exists && !Directory.Exists(path)) info = new DirectoryInfo(path);
        return info.LinkTarget is not null ? info : null;
    }

    private static FileStream? OpenRead(string path)
    {
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string TypeOf(FileSystemInfo info) =>
        info.LinkTarget is not null ? "symbolic-link" : info is DirectoryInfo ? "directory" : "regular-file";

    /// <summary>Resolves a guest path relative to a directory descriptor, refusing absolute paths and escapes from the preopen.</summary>
    private static (string? Path, string? Error) Resolve(Descriptor2 dir, string path)
    {
        if (!dir.IsDirectory) return (null, "not-directory");
        if (path.StartsWith('/') || path.Contains('\0') || path.Contains('\\')) return (null, "not-permitted");
        var full = Path.GetFullPath(Path.Combine(dir.HostPath, path));
        if (!Inside(full, dir.Root)) return (null, "not-permitted");
        // A symlink inside the preopen must not lead outside it.
        try
        {
            FileSystemInfo info = Directory.Exists(full) ? new DirectoryInfo(full) : new FileInfo(full);
            if (info.LinkTarget is not null && info.ResolveLinkTarget(true) is { } target && !Inside(Path.GetFullPath(target.FullName), dir.Root))
                return (null, "not-permitted");
        }
        catch (IOException)
        {
            return (null, "loop");
        }
        return (full, null);
    }

    private static bool Inside(string full, string root) =>
        full == root || full.StartsWith(root.EndsWith(Path.DirectorySeparatorChar) ? root : root + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    private static ComponentValue Stat(string path)
    {
        FileSystemInfo info = Directory.Exists(path) ? new DirectoryInfo(path) : new FileInfo(path);
        if (!info.Exists && info.LinkTarget is null) return Fail("no-entry");
        ComponentValue Time(DateTime t)
        {
            var ticks = t.ToUniversalTime().Ticks - DateTime.UnixEpoch.Ticks;
            return ComponentValue.Some(ComponentValue.Record(ComponentValue.U64((ulong)Math.Max(0, ticks / TimeSpan.TicksPerSecond)),
                ComponentValue.U32((uint)(Math.Max(0, ticks) % TimeSpan.TicksPerSecond * 100))));
        }
        return ComponentValue.Ok(ComponentValue.Record(
            ComponentValue.Enum(TypeOf(info)),
            ComponentValue.U64(1),
            ComponentValue.U64(info is FileInfo f ? (ulong)f.Length : 0),
            Time(info.LastAccessTimeUtc),
            Time(info.LastWriteTimeUtc),
            Time(info.LastWriteTimeUtc)));
    }

    private static ComponentValue Hash(string path)
    {
        FileSystemInfo info = Directory.Exists(path) ? new DirectoryInfo(path) : new FileInfo(path);
        if (!info.Exists) return Fail("no-entry");
        var h = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{path}\n{info.LastWriteTimeUtc.Ticks}"));
        return ComponentValue.Ok(ComponentValue.Record(ComponentValue.U64(BitConverter.ToUInt64(h, 0)), ComponentValue.U64(BitConverter.ToUInt64(h, 8))));
    }
}
