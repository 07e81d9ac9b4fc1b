using System.Runtime.InteropServices;

namespace PluginHost.Plugins.Archives.Native;

/// <summary>Bindings to liblzma.so.5 (xz): the stream decoder only.</summary>
internal static unsafe partial class LzmaNative
{
    /// <summary>lzma_ret: success, more to do.</summary>
    public const int Ok = 0;

    /// <summary>lzma_ret: end of the (concatenated) stream reached.</summary>
    public const int StreamEnd = 1;

    /// <summary>lzma_ret: no progress possible.</summary>
    public const int BufError = 10;

    /// <summary>lzma_action: decode what is available.</summary>
    public const int Run = 0;

    /// <summary>lzma_action: no more input follows.</summary>
    public const int Finish = 3;

    /// <summary>Decoder flag: decode concatenated .xz streams as one.</summary>
    public const uint Concatenated = 0x08;

    private const string Library = "liblzma.so.5";

    /// <summary>lzma_stream_decoder: prepares <paramref name="stream"/> to decode .xz data.</summary>
    [LibraryImport(Library, EntryPoint = "lzma_stream_decoder")]
    public static partial int StreamDecoder(LzmaStream* stream, ulong memoryLimit, uint flags);

    /// <summary>lzma_code: runs the coder over next_in/next_out.</summary>
    [LibraryImport(Library, EntryPoint = "lzma_code")]
    public static partial int Code(LzmaStream* stream, int action);

    /// <summary>lzma_end: frees the coder state.</summary>
    [LibraryImport(Library, EntryPoint = "lzma_end")]
    public static partial void End(LzmaStream* stream);

    /// <summary>Text for an lzma_ret error code.</summary>
    public static string Describe(int code) => code switch
    {
        5 => "out of memory (LZMA_MEM_ERROR)",
        6 => "memory limit reached (LZMA_MEMLIMIT_ERROR)",
        7 => "not in .xz format (LZMA_FORMAT_ERROR)",
        8 => "unsupported options (LZMA_OPTIONS_ERROR)",
        9 => "corrupt data (LZMA_DATA_ERROR)",
        10 => "unexpected end of input (LZMA_BUF_ERROR)",
        _ => $"liblzma error {code}",
    };
}

/// <summary>The lzma_stream struct (64-bit layout of liblzma 5.x).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct LzmaStream
{
    public byte* NextIn;
    public nuint AvailIn;
    public ulong TotalIn;
    public byte* NextOut;
    public nuint AvailOut;
    public ulong TotalOut;
    public nint Allocator;
    public nint Internal;
    public nint ReservedPtr1;
    public nint ReservedPtr2;
    public nint ReservedPtr3;
    public nint ReservedPtr4;
    public ulong SeekPos;
    public ulong ReservedInt2;
    public nuint ReservedInt3;
    public nuint ReservedInt4;
    public int ReservedEnum1;
    public int ReservedEnum2;
}
