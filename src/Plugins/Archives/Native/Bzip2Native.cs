using System.Runtime.InteropServices;

namespace PluginHost.Plugins.Archives.Native;

/// <summary>Bindings to libbz2.so.1.0: the decompressor only.</summary>
internal static unsafe partial class Bzip2Native
{
    /// <summary>BZ_OK.</summary>
    public const int Ok = 0;

    /// <summary>BZ_STREAM_END.</summary>
    public const int StreamEnd = 4;

    private const string Library = "libbz2.so.1.0";

    /// <summary>BZ2_bzDecompressInit: prepares <paramref name="stream"/> for decompression.</summary>
    [LibraryImport(Library, EntryPoint = "BZ2_bzDecompressInit")]
    public static partial int DecompressInit(BzStream* stream, int verbosity, int small);

    /// <summary>BZ2_bzDecompress: decompresses from next_in to next_out.</summary>
    [LibraryImport(Library, EntryPoint = "BZ2_bzDecompress")]
    public static partial int Decompress(BzStream* stream);

    /// <summary>BZ2_bzDecompressEnd: frees the decompressor state.</summary>
    [LibraryImport(Library, EntryPoint = "BZ2_bzDecompressEnd")]
    public static partial int DecompressEnd(BzStream* stream);

    /// <summary>Text for a libbz2 error code.</summary>
    public static string Describe(int code) => code switch
    {
        -1 => "sequence error (BZ_SEQUENCE_ERROR)",
        -2 => "bad parameter (BZ_PARAM_ERROR)",
        -3 => "out of memory (BZ_MEM_ERROR)",
        -4 => "corrupt data (BZ_DATA_ERROR)",
        -5 => "not bzip2 data (BZ_DATA_ERROR_MAGIC)",
        -7 => "unexpected end of input (BZ_UNEXPECTED_EOF)",
        _ => $"libbz2 error {code}",
    };
}

/// <summary>The bz_stream struct (64-bit layout).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct BzStream
{
    public byte* NextIn;
    public uint AvailIn;
    public uint TotalInLo32;
    public uint TotalInHi32;
    public byte* NextOut;
    public uint AvailOut;
    public uint TotalOutLo32;
    public uint TotalOutHi32;
    public nint State;
    public nint BzAlloc;
    public nint BzFree;
    public nint Opaque;
}
