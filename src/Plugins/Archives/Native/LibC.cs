using System.Runtime.InteropServices;

namespace PluginHost.Plugins.Archives.Native;

/// <summary>The libc calls .NET lacks here: link(2) for tar hard links and realpath(3) for escape checks.</summary>
internal static unsafe partial class LibC
{
    /// <summary>link(2): creates <paramref name="newPath"/> as a hard link to <paramref name="existingPath"/>; 0 on success.</summary>
    [LibraryImport("libc", EntryPoint = "link", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Link(string existingPath, string newPath);

    /// <summary>The canonical absolute path with every symlink resolved, or null when it does not resolve.</summary>
    public static string? RealPath(string path)
    {
        nint resolved = RealPathNative(path, 0);
        if (resolved == 0)
        {
            return null;
        }

        try
        {
            return Marshal.PtrToStringUTF8(resolved);
        }
        finally
        {
            NativeMemory.Free((void*)resolved);
        }
    }

    [LibraryImport("libc", EntryPoint = "realpath", StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint RealPathNative(string path, nint resolved);
}
