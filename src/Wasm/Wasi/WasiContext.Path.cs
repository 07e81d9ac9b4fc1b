namespace PluginHost.Wasm.Wasi;

public sealed partial class WasiContext
{
    private const int LookupSymlinkFollow = 1;
    private const int OflagCreat = 1, OflagDirectory = 2, OflagExcl = 4, OflagTrunc = 8;

    private void DefinePathFunctions(Linker linker)
    {
        linker.DefineFunction(ModuleName, "path_create_directory", (Caller c, int fd, int path, int len) => Guard(() =>
        {
            var (dir, rel, host) = Writable(c, fd, path, len, follow: false);
            if (Exists(host)) return WasiErrno.Exist;
            RequireDirectory(dir, SandboxPath.Parent(rel));
            Directory.CreateDirectory(host);
            return WasiErrno.Success;
        }));
        linker.DefineFunction(ModuleName, "path_filestat_get", (Caller c, int fd, int flags, int path, int len, int ptr) => Guard(() =>
        {
            var dir = Dir(fd);
            var rel = SandboxPath.Resolve(dir, new GuestMemory(c).ReadString(path, len), (flags & LookupSymlinkFollow) != 0);
            WriteFilestat(new GuestMemory(c), ptr, NativeFiles.GetStat(SandboxPath.HostPath(dir, rel), follow: false));
            return WasiErrno.Success;
        }));
        linker.DefineFunction(ModuleName, "path_filestat_set_times", (Caller c, int fd, int flags, int path, int len, long atim, long mtim, int fst) => Guard(() =>
        {
            var (_, _, host) = Writable(c, fd, path, len, (flags & LookupSymlinkFollow) != 0);
            if (!Exists(host)) return WasiErrno.NoEnt;
            return SetTimes(host, atim, mtim, fst);
        }));
        linker.DefineFunction(ModuleName, "path_link", (Caller c, int oldFd, int oldFlags, int oldPath, int oldLen, int newFd, int newPath, int newLen) => Guard(() =>
        {
            var oldDir = Dir(oldFd);
            var oldRel = SandboxPath.Resolve(oldDir, new GuestMemory(c).ReadString(oldPath, oldLen), (oldFlags & LookupSymlinkFollow) != 0);
            var (_, _, newHost) = Writable(c, newFd, newPath, newLen, follow: false);
            var oldHost = SandboxPath.HostPath(oldDir, oldRel);
            if (Directory.Exists(oldHost)) return WasiErrno.Perm;
            if (Exists(newHost)) return WasiErrno.Exist;
            NativeFiles.Link(oldHost, newHost);
            return WasiErrno.Success;
        }));
        linker.DefineFunction(ModuleName, "path_open", (Caller c, int fd, int dirFlags, int path, int len, int oflags, long rightsBase, long rightsInheriting, int fdFlags, int resultPtr) => Guard(() =>
            Open(c, fd, dirFlags, path, len, oflags, (ulong)rightsBase, (ushort)fdFlags, resultPtr)));
        linker.DefineFunction(ModuleName, "path_readlink", (Caller c, int fd, int path, int len, int buf, int bufLen, int usedPtr) => Guard(() =>
        {
            var dir = Dir(fd);
            var mem = new GuestMemory(c);
            var rel = SandboxPath.Resolve(dir, mem.ReadString(path, len), followFinal: false);
            var target = new FileInfo(SandboxPath.HostPath(dir, rel)).LinkTarget;
            if (target is null) return Exists(SandboxPath.HostPath(dir, rel)) ? WasiErrno.Inval : WasiErrno.NoEnt;
            var bytes = System.Text.Encoding.UTF8.GetBytes(target);
            var n = Math.Min(bytes.Length, bufLen);
            bytes.AsSpan(0, n).CopyTo(mem.Span(buf, n));
            mem.WriteU32(usedPtr, (uint)n);
            return WasiErrno.Success;
        }));
        linker.DefineFunction(ModuleName, "path_remove_directory", (Caller c, int fd, int path, int len) => Guard(() =>
        {
            var (_, rel, host) = Writable(c, fd, path, len, follow: false);
            if (rel.Length == 0) return WasiErrno.Perm;
            if (new FileInfo(host).LinkTarget is not null || File.Exists(host)) return WasiErrno.NotDir;
            if (!Directory.Exists(host)) return WasiErrno.NoEnt;
            if (Directory.EnumerateFileSystemEntries(host).Any()) return WasiErrno.NotEmpty;
            Directory.Delete(host);
            return WasiErrno.Success;
        }));
        linker.DefineFunction(ModuleName, "path_rename", (Caller c, int fd, int oldPath, int oldLen, int newFd, int newPath, int newLen) => Guard(() =>
        {
            var (_, oldRel, oldHost) = Writable(c, fd, oldPath, oldLen, follow: false);
            var (_, _, newHost) = Writable(c, newFd, newPath, newLen, follow: false);
            if (oldRel.Length == 0) return WasiErrno.Perm;
            var isLink = new FileInfo(oldHost).LinkTarget is not null;
            if (Directory.Exists(oldHost) && !isLink)
            {
                if (File.Exists(newHost)) return WasiErrno.NotDir;
                if (Directory.Exists(newHost))
                {
                    if (Directory.EnumerateFileSystemEntries(newHost).Any()) return WasiErrno.NotEmpty;
                    Directory.Delete(newHost);
                }
                Directory.Move(oldHost, newHost);
            }
            else if (File.Exists(oldHost) || isLink)
            {
                if (Directory.Exists(newHost) && new FileInfo(newHost).LinkTarget is null) return WasiErrno.IsDir;
                File.Move(oldHost, newHost, overwrite: true);
            }
            else return WasiErrno.NoEnt;
            return WasiErrno.Success;
        }));
        linker.DefineFunction(ModuleName, "path_symlink", (Caller c, int oldPath, int oldLen, int fd, int newPath, int newLen) => Guard(() =>
        {
            var target = new GuestMemory(c).ReadString(oldPath, oldLen);
            var (_, rel, host) = Writable(c, fd, newPath, newLen, follow: false);
            if (!SandboxPath.TargetStaysInside(SandboxPath.Parent(rel), target)) return WasiErrno.NotCapable;
            if (Exists(host)) return WasiErrno.Exist;
            File.CreateSymbolicLink(host, target);
            return WasiErrno.Success;
        }));
        linker.DefineFunction(ModuleName, "path_unlink_file", (Caller c, int fd, int path, int len) => Guard(() =>
        {
            var (_, _, host) = Writable(c, fd, path, len, follow: false);
            var isLink = new FileInfo(host).LinkTarget is not null;
            if (!isLink && Directory.Exists(host)) return WasiErrno.IsDir;
            if (!isLink && !File.Exists(host)) return WasiErrno.NoEnt;
            File.Delete(host);
            return WasiErrno.Success;
        }));
    }

    private (DirectoryDescriptor Dir, string Relative, string Host) Writable(Caller caller, int fd, int path, int len, bool follow)
    {
        var dir = Dir(fd);
        var rel = SandboxPath.Resolve(dir, new GuestMemory(caller).ReadString(path, len), follow);
        if (dir.Root.ReadOnly) throw new WasiErrorException(WasiErrno.Rofs);
        return (dir, rel, SandboxPath.HostPath(dir, rel));
    }

    private static bool Exists(string host) => File.Exists(host) || Directory.Exists(host) || new FileInfo(host).LinkTarget is not null;

    private static void RequireDirectory(DirectoryDescriptor dir, string rel)
    {
        var host = SandboxPath.HostPath(dir, rel);
        if (File.Exists(host)) throw new WasiErrorException(WasiErrno.NotDir);
        if (!Directory.Exists(host)) throw new WasiErrorException(WasiErrno.NoEnt);
    }

    private WasiErrno Open(Caller caller, int fd, int dirFlags, int path, int len, int oflags, ulong rights, ushort fdFlags, int resultPtr)
    {
        var dir = Dir(fd);
        var mem = new GuestMemory(caller);
        var guestPath = mem.ReadString(path, len);
        var rel = SandboxPath.Resolve(dir, guestPath, (dirFlags & LookupSymlinkFollow) != 0);
        var host = SandboxPath.HostPath(dir, rel);
        var wantsWrite = (rights & RightFdWrite) != 0 || (oflags & (OflagCreat | OflagTrunc)) != 0 || (fdFlags & FdFlagAppend) != 0;
        var wantsRead = (rights & RightFdRead) != 0 || !wantsWrite;

        if (Directory.Exists(host) && new FileInfo(host).LinkTarget is null || rel.Length == 0)
        {
            if ((oflags & (OflagCreat | OflagExcl)) == (OflagCreat | OflagExcl)) return WasiErrno.Exist;
            if ((rights & RightFdWrite) != 0 || (oflags & OflagTrunc) != 0) return WasiErrno.IsDir;
            mem.WriteU32(resultPtr, (uint)Allocate(new DirectoryDescriptor(dir.Root, rel, null)));
            return WasiErrno.Success;
        }
        if (new FileInfo(host).LinkTarget is not null)
            return (oflags & OflagCreat) != 0 && (oflags & OflagExcl) != 0 ? WasiErrno.Exist : WasiErrno.Loop;
        if ((oflags & OflagDirectory) != 0) return File.Exists(host) ? WasiErrno.NotDir : WasiErrno.NoEnt;
        if (wantsWrite && dir.Root.ReadOnly) return WasiErrno.Rofs;
        var exists = File.Exists(host);
        if (!exists && (oflags & OflagCreat) == 0) return WasiErrno.NoEnt;
        if (exists && (oflags & (OflagCreat | OflagExcl)) == (OflagCreat | OflagExcl)) return WasiErrno.Exist;
        if (!exists) RequireDirectory(dir, SandboxPath.Parent(rel));
        var mode = (oflags & OflagTrunc) != 0 ? (exists ? FileMode.Truncate : FileMode.Create) : FileMode.OpenOrCreate;
        var access = wantsWrite && wantsRead ? FileAccess.ReadWrite : wantsWrite ? FileAccess.Write : FileAccess.Read;
        if (!wantsWrite) mode = FileMode.Open;
        var stream = new FileStream(host, mode, access, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.None);
        var file = new FileDescriptor(stream, host, access != FileAccess.Write, access != FileAccess.Read) { Flags = fdFlags };
        mem.WriteU32(resultPtr, (uint)Allocate(file));
        return WasiErrno.Success;
    }
}
