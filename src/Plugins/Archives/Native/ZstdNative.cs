using System.Runtime.InteropServices;

namespace PluginHost.Plugins.Archives.Native;

/// <summary>Bindings to libzstd.so.1: the streaming decompressor only.</summary>
internal static unsafe partial class ZstdNative
{
    private const string Library = "libzstd.so.1";

    /// <summary>ZSTD_createDStream.</summary>
    [LibraryImport(Library, EntryPoint = "ZSTD_createDStream")]
    public static partial nint CreateDStream();

    /// <summary>ZSTD_initDStream.</summary>
    [LibraryImport(Library, EntryPoint = "ZSTD_initDStream")]
    public static partial nuint InitDStream(nint stream);

    /// <summary>ZSTD_freeDStream.</summary>
    [LibraryImport(Library, EntryPoint = "ZSTD_freeDStream")]
    public static partial nuint FreeDStream(nint stream);

    /// <summary>ZSTD_decompressStream: returns 0 when a frame is complete, a hint otherwise, or an error code.</summary>
    [LibraryImport(Library, EntryPoint = "ZSTD_decompressStream")]
    public static partial nuint DecompressStream(nint stream, ZstdOutBuffer* output, ZstdInBuffer* input);

    /// <summary>ZSTD_isError.</summary>
    [LibraryImport(Library, EntryPoint = "ZSTD_isError")]
    public static partial uint IsError(nuint code);

    /// <summary>ZSTD_getErrorName.</summary>
    [LibraryImport(Library, EntryPoint = "ZSTD_getErrorName")]
    public static partial nint GetErrorName(nuint code);

    /// <summary>The error text for a result code.</summary>
    public static string Describe(nuint code) => Marshal.PtrToStringUTF8(GetErrorName(code)) ?? $"zstd error {code}";
}

/// <summary>ZSTD_inBuffer.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct ZstdInBuffer
{
    public byte* Src;
    public nuint Size;
    public nuint Pos;
}

/// <summary>ZSTD_outBuffer.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct ZstdOutBuffer
{
    public byte* Dst;
    public nuint Size;
    public nuint Pos;
}
