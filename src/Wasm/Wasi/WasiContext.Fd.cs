using System.Text;

namespace PluginHost.Wasm.Wasi;

public sealed partial class WasiContext
{
    private const ushort FdFlagAppend = 1;
    private const ulong AllRights = (1UL << 30) - 1;
    private const ulong RightFdRead = 1UL << 1, RightFdWrite = 1UL << 6;
    private const ulong ReadOnlyMask = ~(RightFdWrite | (1UL << 0) | (1UL << 4) | (1UL << 8) | (1UL << 9) | (1UL << 10)
        | (1UL << 12) | (1UL << 16) | (1UL << 17) | (1UL << 19) | (1UL << 20) | (1UL << 22) | (1UL << 23) | (1UL << 24)
        | (1UL << 25) | (1UL << 26));

    private void DefineFdFunctions(Linker linker)
    {
        linker.DefineFunction(ModuleName, "fd_advise", (Caller c, int fd, long offset, long length, int advice) => Guard(() =>
        {
            Fd(fd);
            return advice is >= 0 and <= 5 ? WasiErrno.Success : WasiErrno.Inval;
        }));
        linker.DefineFunction(ModuleName, "fd_allocate", (Caller c, int fd, long offset, long length) => Guard(() =>
        {
            var file = WritableFile(fd);
            if (offset < 0 || length < 0) return WasiErrno.Inval;
            if (file.Stream.Length < offset + length) file.Stream.SetLength(offset + length);
            return WasiErrno.Success;
        }));
        linker.DefineFunction(ModuleName, "fd_close", (Caller c, int fd) => Guard(() =>
        {
            var d = Fd(fd);
            if (d is FileDescriptor f) f.Stream.Dispose();
            _fds.Remove(fd);
            return WasiErrno.Success;
        }));
        linker.DefineFunction(ModuleName, "fd_datasync", (Caller c, int fd) => Guard(() => Sync(fd)));
        linker.DefineFunction(ModuleName, "fd_sync", (Caller c, int fd) => Guard(() => Sync(fd)));
        linker.DefineFunction(ModuleName, "fd_fdstat_get", (Caller c, int fd, int ptr) => Guard(() => FdstatGet(c, fd, ptr)));
        linker.DefineFunction(ModuleName, "fd_fdstat_set_flags", (Caller c, int fd, int flags) => Guard(() =>
        {
            var d = Fd(fd);
            if ((flags & ~0x1F) != 0) return WasiErrno.Inval;
            if ((flags & FdFlagAppend) != 0 && d is FileDescriptor { Writable: false }) return WasiErrno.Perm;
            d.Flags = (ushort)flags;
            return WasiErrno.Success;
        }));
        linker.DefineFunction(ModuleName, "fd_fdstat_set_rights", (Caller c, int fd, long rightsBase, long inheriting) => Guard(() =>
        {
            Fd(fd);
            return WasiErrno.Success;
        }));
        linker.DefineFunction(ModuleName, "fd_filestat_get", (Caller c, int fd, int ptr) => Guard(() =>
        {
            var stat = Fd(fd) switch
            {
                FileDescriptor f => NativeFiles.GetStat(f.HostPath, follow: true),
                DirectoryDescriptor dir => NativeFiles.GetStat(dir.HostPath, follow: true),
                _ => new NativeFiles.Stat(0, 0, WasiFileType.CharacterDevice, 1, 0, 0, 0, 0),
            };
            WriteFilestat(new GuestMemory(c), ptr, stat);
            return WasiErrno.Success;
        }));
        linker.DefineFunction(ModuleName, "fd_filestat_set_size", (Caller c, int fd, long size) => Guard(() =>
        {
            var file = WritableFile(fd);
            if (size < 0) return WasiErrno.Inval;
            file.Stream.SetLength(size);
            return WasiErrno.Success;
        }));
        linker.DefineFunction(ModuleName, "fd_filestat_set_times", (Caller c, int fd, long atim, long mtim, int flags) => Guard(() =>
        {
            var path = Fd(fd) switch
            {
                FileDescriptor f => f.Writable ? f.HostPath : throw new WasiErrorException(WasiErrno.Perm),
                DirectoryDescriptor dir => dir.Root.ReadOnly ? throw new WasiErrorException(WasiErrno.Rofs) : dir.HostPath,
                _ => throw new WasiErrorException(WasiErrno.Badf),
            };
            return SetTimes(path, atim, mtim, flags);
        }));
        linker.DefineFunction(ModuleName, "fd_pread", (Caller c, int fd, int iovs, int count, long offset, int nreadPtr) => Guard(() =>
            Read(c, fd, iovs, count, offset, nreadPtr)));
        linker.DefineFunction(ModuleName, "fd_read", (Caller c, int fd, int iovs, int count, int nreadPtr) => Guard(() =>
            Read(c, fd, iovs, count, -1, nreadPtr)));
        linker.DefineFunction(ModuleName, "fd_pwrite", (Caller c, int fd, int iovs, int count, long offset, int nwrittenPtr) => Guard(() =>
            Write(c, fd, iovs, count, offset, nwrittenPtr)));
        linker.DefineFunction(ModuleName, "fd_write", (Caller c, int fd, int iovs, int count, int nwrittenPtr) => Guard(() =>
            Write(c, fd, iovs, count, -1, nwrittenPtr)));
        linker.DefineFunction(ModuleName, "fd_prestat_get", (Caller c, int fd, int ptr) => Guard(() =>
        {
            if (Fd(fd) is not DirectoryDescriptor { PreopenName: { } name }) return WasiErrno.Badf;
            var mem = new GuestMemory(c);
            mem.WriteU32(ptr, 0);
            mem.WriteU32(ptr + 4, (uint)Encoding.UTF8.GetByteCount(name));
            return WasiErrno.Success;
        }));
        linker.DefineFunction(ModuleName, "fd_prestat_dir_name", (Caller c, int fd, int buf, int length) => Guard(() =>
        {
            if (Fd(fd) is not DirectoryDescriptor { PreopenName: { } name }) return WasiErrno.Badf;
            var bytes = Encoding.UTF8.GetBytes(name);
            if (length < bytes.Length) return WasiErrno.NameTooLong;
            bytes.CopyTo(new GuestMemory(c).Span(buf, bytes.Length));
            return WasiErrno.Success;
        }));
        linker.DefineFunction(ModuleName, "fd_readdir", (Caller c, int fd, int buf, int length, long cookie, int usedPtr) => Guard(() =>
            ReadDir(c, fd, buf, length, cookie, usedPtr)));
        linker.DefineFunction(ModuleName, "fd_renumber", (Caller c, int from, int to) => Guard(() =>
        {
            var d = Fd(from);
            var old = Fd(to);
            if (from == to) return WasiErrno.Success;
            if (old is FileDescriptor f) f.Stream.Dispose();
            _fds[to] = d;
            _fds.Remove(from);
            return WasiErrno.Success;
        }));
        linker.DefineFunction(ModuleName, "fd_seek", (Caller c, int fd, long offset, int whence, int resultPtr) => Guard(() =>
        {
            var d = Fd(fd);
            if (d is StdioDescriptor) return WasiErrno.Spipe;
            if (d is not FileDescriptor f) return WasiErrno.IsDir;
            var origin = whence switch { 0 => SeekOrigin.Begin, 1 => SeekOrigin.Current, 2 => SeekOrigin.End, _ => (SeekOrigin)(-1) };
            if ((int)origin < 0) return WasiErrno.Inval;
            var target = origin switch { SeekOrigin.Begin => offset, SeekOrigin.Current => f.Stream.Position + offset, _ => f.Stream.Length + offset };
            if (target < 0) return WasiErrno.Inval;
            f.Stream.Position = target;
            new GuestMemory(c).WriteU64(resultPtr, (ulong)target);
            return WasiErrno.Success;
        }));
        linker.DefineFunction(ModuleName, "fd_tell", (Caller c, int fd, int resultPtr) => Guard(() =>
        {
            var d = Fd(fd);
            if (d is not FileDescriptor f) return d is StdioDescriptor ? WasiErrno.Spipe : WasiErrno.IsDir;
            new GuestMemory(c).WriteU64(resultPtr, (ulong)f.Stream.Position);
            return WasiErrno.Success;
        }));
    }

    private WasiErrno Sync(int fd)
    {
        if (Fd(fd) is FileDescriptor { Writable: true } f) f.Stream.Flush(flushToDisk: true);
        return WasiErrno.Success;
    }

    private FileDescriptor WritableFile(int fd) => Fd(fd) switch
    {
        FileDescriptor { Writable: true } f => f,
        FileDescriptor => throw new WasiErrorException(WasiErrno.Badf),
        DirectoryDescriptor => throw new WasiErrorException(WasiErrno.IsDir),
        _ => throw new WasiErrorException(WasiErrno.Inval),
    };

    private WasiErrno FdstatGet(Caller caller, int fd, int ptr)
    {
        var d = Fd(fd);
        var (type, rights) = d switch
        {
            FileDescriptor f => (WasiFileType.RegularFile,
                AllRights & ~(f.Readable ? 0 : RightFdRead) & ~(f.Writable ? 0 : RightFdWrite) & (f.Writable ? AllRights : ReadOnlyMask)),
            DirectoryDescriptor dir => (WasiFileType.Directory, dir.Root.ReadOnly ? AllRights & ReadOnlyMask : AllRights),
            StdioDescriptor s => (WasiFileType.CharacterDevice, s.IsInput ? RightFdRead | (1UL << 27) : RightFdWrite | (1UL << 27)),
            _ => (WasiFileType.Unknown, 0UL),
        };
        var inheriting = d is DirectoryDescriptor dd ? (dd.Root.ReadOnly ? AllRights & ReadOnlyMask : AllRights) : 0;
        var mem = new GuestMemory(caller);
        mem.Span(ptr, 24).Clear();
        mem.WriteU8(ptr, type);
        mem.WriteU16(ptr + 2, d.Flags);
        mem.WriteU64(ptr + 8, rights);
        mem.WriteU64(ptr + 16, inheriting);
        return WasiErrno.Success;
    }

    private static void WriteFilestat(GuestMemory mem, int ptr, NativeFiles.Stat s)
    {
        mem.Span(ptr, 64).Clear();
        mem.WriteU64(ptr, s.Dev);
        mem.WriteU64(ptr + 8, s.Ino);
        mem.WriteU8(ptr + 16, s.FileType);
        mem.WriteU64(ptr + 24, s.NLink);
        mem.WriteU64(ptr + 32, s.Size);
        mem.WriteU64(ptr + 40, s.ATimNs);
        mem.WriteU64(ptr + 48, s.MTimNs);
        mem.WriteU64(ptr + 56, s.CTimNs);
    }

    private static WasiErrno SetTimes(string hostPath, long atim, long mtim, int flags)
    {
        const int Atim = 1, AtimNow = 2, Mtim = 4, MtimNow = 8;
        if ((flags & Atim) != 0 && (flags & AtimNow) != 0 || (flags & Mtim) != 0 && (flags & MtimNow) != 0) return WasiErrno.Inval;
        static DateTime FromNs(long ns) => DateTime.UnixEpoch.AddTicks(ns / 100);
        if ((flags & (Atim | AtimNow)) != 0) File.SetLastAccessTimeUtc(hostPath, (flags & AtimNow) != 0 ? DateTime.UtcNow : FromNs(atim));
        if ((flags & (Mtim | MtimNow)) != 0) File.SetLastWriteTimeUtc(hostPath, (flags & MtimNow) != 0 ? DateTime.UtcNow : FromNs(mtim));
        return WasiErrno.Success;
    }

    private WasiErrno Read(Caller caller, int fd, int iovs, int count, long offset, int nreadPtr)
    {
        var d = Fd(fd);
        var mem = new GuestMemory(caller);
        var vecs = mem.ReadIovecs(iovs, count);
        Stream stream = d switch
        {
            StdioDescriptor { IsInput: true } s => s.Input ?? Stream.Null,
            FileDescriptor { Readable: true } f => f.Stream,
            DirectoryDescriptor => throw new WasiErrorException(WasiErrno.IsDir),
            _ => throw new WasiErrorException(WasiErrno.Badf),
        };
        if (offset >= 0 && d is not FileDescriptor) return WasiErrno.Spipe;
        var saved = offset >= 0 ? stream.Position : 0;
        if (offset >= 0) stream.Position = offset;
        long total = 0;
        foreach (var (ptr, len) in vecs)
        {
            if (len == 0) continue;
            var span = mem.Span(ptr, len);
            var n = stream.Read(span);
            total += n;
            if (n < len) break;
        }
        if (offset >= 0) stream.Position = saved;
        mem.WriteU32(nreadPtr, (uint)total);
        return WasiErrno.Success;
    }

    private WasiErrno Write(Caller caller, int fd, int iovs, int count, long offset, int nwrittenPtr)
    {
        var d = Fd(fd);
        var mem = new GuestMemory(caller);
        var vecs = mem.ReadIovecs(iovs, count);
        long total = 0;
        switch (d)
        {
            case StdioDescriptor { IsInput: false, Output: var sink }:
                if (offset >= 0) return WasiErrno.Spipe;
                foreach (var (ptr, len) in vecs)
                {
                    sink?.Write(mem.Span(ptr, len));
                    total += len;
                }
                break;
            case FileDescriptor { Writable: true } f:
                var saved = f.Stream.Position;
                if (offset >= 0) f.Stream.Position = offset;
                else if ((f.Flags & FdFlagAppend) != 0) f.Stream.Position = f.Stream.Length;
                foreach (var (ptr, len) in vecs)
                {
                    f.Stream.Write(mem.Span(ptr, len));
                    total += len;
                }
                f.Stream.Flush();
                if (offset >= 0) f.Stream.Position = saved;
                break;
            case DirectoryDescriptor:
                return WasiErrno.IsDir;
            default:
                return WasiErrno.Badf;
        }
        mem.WriteU32(nwrittenPtr, (uint)total);
        return WasiErrno.Success;
    }

    private WasiErrno ReadDir(Caller caller, int fd, int buf, int length, long cookie, int usedPtr)
    {
        var dir = Dir(fd);
        var entries = new List<(string Name, byte Type, ulong Ino)>
        {
            (".", WasiFileType.Directory, SafeIno(dir.HostPath)),
            ("..", WasiFileType.Directory, 0),
        };
        foreach (var path in Directory.EnumerateFileSystemEntries(dir.HostPath).Order(StringComparer.Ordinal))
        {
            NativeFiles.Stat stat;
            try
            {
                stat = NativeFiles.GetStat(path, follow: false);
            }
            catch (WasiErrorException)
            {
                continue;
            }
            entries.Add((Path.GetFileName(path), stat.FileType, stat.Ino));
        }
        var mem = new GuestMemory(caller);
        var out_ = mem.Span(buf, length);
        var used = 0;
        Span<byte> header = stackalloc byte[24];
        for (var i = (int)Math.Max(0, cookie); i < entries.Count && used < length; i++)
        {
            var (name, type, ino) = entries[i];
            var nameBytes = Encoding.UTF8.GetBytes(name);
            header.Clear();
            BitConverter.TryWriteBytes(header, (ulong)(i + 1));
            BitConverter.TryWriteBytes(header[8..], ino);
            BitConverter.TryWriteBytes(header[16..], (uint)nameBytes.Length);
            header[20] = type;
            var n = Math.Min(24, length - used);
            header[..n].CopyTo(out_[used..]);
            used += n;
            n = Math.Min(nameBytes.Length, length - used);
            nameBytes.AsSpan(0, n).CopyTo(out_[used..]);
            used += n;
        }
        mem.WriteU32(usedPtr, (uint)used);
        return WasiErrno.Success;
    }

    private static ulong SafeIno(string path)
    {
        try
        {
            return NativeFiles.GetStat(path, follow: true).Ino;
        }
        catch (WasiErrorException)
        {
            return 0;
        }
    }
}
