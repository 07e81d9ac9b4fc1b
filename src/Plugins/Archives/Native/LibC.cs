using System.Runtime.InteropServices;

namespace PluginHost.Plugins.Archives.Native;

/// <summary>The one libc call .NET lacks here: link(2) for tar hard links.</summary>
internal static partial class LibC
{
    /// <summary>link(2): creates <paramref name="newPath"/> as a hard link to <paramref name="existingPath"/>; 0 on success.</summary>
    [LibraryImport("libc", EntryPoint = "link", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Link(string existingPath, string newPath);
}
