using System.Runtime.InteropServices;

namespace PluginHost.Wasm.Wasi;

/// <summary>The file facts .NET does not expose (device, inode, link count, nanosecond times), read with lstat/stat.</summary>
internal static partial class NativeFiles
{
    /// <summary>Stat result in WASI's terms.</summary>
    public readonly record struct Stat(ulong Dev, ulong Ino, byte FileType, ulong NLink, ulong Size, ulong ATimNs, ulong MTimNs, ulong CTimNs);

    private const uint S_IFMT = 0xF000, S_IFDIR = 0x4000, S_IFREG = 0x8000, S_IFLNK = 0xA000, S_IFCHR = 0x2000, S_IFBLK = 0x6000, S_IFSOCK = 0xC000;

    [LibraryImport("libc", EntryPoint = "stat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int StatNative(string path, Span<byte> buffer);

    [LibraryImport("libc", EntryPoint = "lstat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int LstatNative(string path, Span<byte> buffer);

    [LibraryImport("libc", EntryPoint = "link", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int LinkNative(string existing, string newPath);

    /// <summary>stat (follow) or lstat (no follow) a path; throws a WASI errno on failure.</summary>
    public static Stat GetStat(string path, bool follow)
    {
        if (RuntimeInformation.ProcessArchitecture != Architecture.X64 || !OperatingSystem.IsLinux())
            return Portable(path, follow);
        Span<byte> buf = stackalloc byte[256];
        var rc = follow ? StatNative(path, buf) : LstatNative(path, buf);
        if (rc != 0) throw new WasiErrorException(Errno.FromLinux(Marshal.GetLastPInvokeError()));
        // struct stat layout of x86_64 Linux glibc.
        var mode = BitConverter.ToUInt32(buf[24..]);
        return new Stat(
            BitConverter.ToUInt64(buf[0..]), BitConverter.ToUInt64(buf[8..]), FileTypeOf(mode), BitConverter.ToUInt64(buf[16..]),
            (ulong)BitConverter.ToInt64(buf[48..]),
            Ns(buf[72..]), Ns(buf[88..]), Ns(buf[104..]));
    }

    /// <summary>Creates a hard link.</summary>
    public static void Link(string existing, string newPath)
    {
        if (LinkNative(existing, newPath) != 0) throw new WasiErrorException(Errno.FromLinux(Marshal.GetLastPInvokeError()));
    }

    private static ulong Ns(ReadOnlySpan<byte> ts) =>
        (ulong)BitConverter.ToInt64(ts) * 1_000_000_000UL + (ulong)BitConverter.ToInt64(ts[8..]);

    private static byte FileTypeOf(uint mode) => (mode & S_IFMT) switch
    {
        S_IFDIR => WasiFileType.Directory,
        S_IFREG => WasiFileType.RegularFile,
        S_IFLNK => WasiFileType.SymbolicLink,
        S_IFCHR => WasiFileType.CharacterDevice,
        S_IFBLK => WasiFileType.BlockDevice,
        S_IFSOCK => WasiFileType.SocketStream,
        _ => WasiFileType.Unknown,
    };

    private static Stat Portable(string path, bool follow)
    {
        FileSystemInfo info = Directory.Exists(path) ? new DirectoryInfo(path) : new FileInfo(path);
        if (!info.Exists && info.LinkTarget is null) throw new WasiErrorException(WasiErrno.NoEnt);
        if (follow && info.LinkTarget is not null) info = info.ResolveLinkTarget(true) ?? info;
        var type = info.LinkTarget is not null ? WasiFileType.SymbolicLink
            : info is DirectoryInfo ? WasiFileType.Directory : WasiFileType.RegularFile;
        var size = info is FileInfo f && f.Exists ? (ulong)f.Length : 0;
        static ulong ToNs(DateTime t) => (ulong)(t.ToUniversalTime() - DateTime.UnixEpoch).Ticks * 100;
        return new Stat(0, (ulong)path.GetHashCode(), type, 1, size, ToNs(info.LastAccessTimeUtc), ToNs(info.LastWriteTimeUtc), ToNs(info.LastWriteTimeUtc));
    }
}

/// <summary>WASI filetype codes.</summary>
internal static class WasiFileType
{
    public const byte Unknown = 0, BlockDevice = 1, CharacterDevice = 2, Directory = 3, RegularFile = 4, SocketDgram = 5, SocketStream = 6, SymbolicLink = 7;
}

/// <summary>Maps host errors to WASI errnos.</summary>
internal static class Errno
{
    /// <summary>Linux errno to WASI errno.</summary>
    public static WasiErrno FromLinux(int errno) => errno switch
    {
        1 => WasiErrno.Perm, 2 => WasiErrno.NoEnt, 5 => WasiErrno.Io, 9 => WasiErrno.Badf, 12 => WasiErrno.NoMem,
        13 => WasiErrno.Acces, 16 => WasiErrno.Busy, 17 => WasiErrno.Exist, 18 => WasiErrno.Xdev, 20 => WasiErrno.NotDir,
        21 => WasiErrno.IsDir, 22 => WasiErrno.Inval, 24 => WasiErrno.Mfile, 27 => WasiErrno.Fbig, 28 => WasiErrno.NoSpc,
        30 => WasiErrno.Rofs, 31 => WasiErrno.Mlink, 36 => WasiErrno.NameTooLong, 39 => WasiErrno.NotEmpty,
        40 => WasiErrno.Loop, 95 => WasiErrno.NotSup, 122 => WasiErrno.Dquot,
        _ => WasiErrno.Io,
    };

    /// <summary>A .NET I/O exception to a WASI errno (on Unix, HResult carries errno for unmapped errors).</summary>
    public static WasiErrno FromException(Exception e) => e switch
    {
        WasiErrorException w => w.Errno,
        FileNotFoundException or DirectoryNotFoundException => WasiErrno.NoEnt,
        UnauthorizedAccessException => WasiErrno.Acces,
        PathTooLongException => WasiErrno.NameTooLong,
        IOException io when io.HResult is > 0 and < 200 => FromLinux(io.HResult),
        IOException io when (io.HResult & 0xFFFF) == 0x70 || (io.HResult & 0xFFFF) == 0x27 => WasiErrno.NoSpc,
        IOException io when (io.HResult & 0xFFFF) == 0x50 || (io.HResult & 0xFFFF) == 0xB7 => WasiErrno.Exist,
        IOException => WasiErrno.Io,
        ArgumentException => WasiErrno.Inval,
        _ => WasiErrno.Io,
    };
}
