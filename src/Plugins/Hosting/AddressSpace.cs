using System.Runtime.InteropServices;

namespace PluginHost.Plugins.Hosting;

/// <summary>Checks that a virtual-address reservation would succeed, before Wasmtime tries it: Wasmtime's pooling
/// allocator aborts the process (a Rust panic) when its reservation fails, so the engine must not ask for too much.</summary>
internal static partial class AddressSpace
{
    /// <summary>Whether <paramref name="bytes"/> of address space can be reserved now (reserved and released at once).</summary>
    public static bool CanReserve(ulong bytes)
    {
        if (OperatingSystem.IsWindows()) return bytes <= 1UL << 40;
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS()) return false;
        var flags = OperatingSystem.IsLinux() ? 0x02 | 0x20 | 0x4000 : 0x0002 | 0x1000 | 0x40; // PRIVATE|ANON|NORESERVE
        var p = Mmap(IntPtr.Zero, (UIntPtr)bytes, 0, flags, -1, IntPtr.Zero);
        if (p == new IntPtr(-1) || p == IntPtr.Zero) return false;
        Munmap(p, (UIntPtr)bytes);
        return true;
    }

    [LibraryImport("libc", EntryPoint = "mmap")]
    private static partial IntPtr Mmap(IntPtr addr, UIntPtr length, int prot, int flags, int fd, IntPtr offset);

    [LibraryImport("libc", EntryPoint = "munmap")]
    private static partial int Munmap(IntPtr addr, UIntPtr length);
}
