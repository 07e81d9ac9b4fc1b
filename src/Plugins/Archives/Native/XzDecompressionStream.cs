using System.Runtime.InteropServices;

namespace PluginHost.Plugins.Archives.Native;

/// <summary>Streaming .xz decompressor over liblzma.</summary>
internal sealed unsafe class XzDecompressionStream : NativeDecompressionStream
{
    private LzmaStream* _stream;

    /// <summary>Decompresses the .xz data read from <paramref name="inner"/>.</summary>
    public XzDecompressionStream(Stream inner, bool leaveOpen = false)
        : base(inner, leaveOpen)
    {
        // Zeroed memory is LZMA_STREAM_INIT; the struct lives outside the GC heap so liblzma may keep pointers into it.
        _stream = (LzmaStream*)NativeMemory.AllocZeroed((nuint)Math.Max(sizeof(LzmaStream), 256));
        int ret = LzmaNative.StreamDecoder(_stream, ulong.MaxValue, LzmaNative.Concatenated);
        if (ret != LzmaNative.Ok)
        {
            NativeMemory.Free(_stream);
            _stream = null;
            throw new InvalidOperationException($"liblzma could not start an xz decoder: {LzmaNative.Describe(ret)}.");
        }
    }

    /// <inheritdoc />
    protected override string FormatName => "xz";

    /// <inheritdoc />
    protected override void Decode(ReadOnlySpan<byte> input, Span<byte> output, bool inputEof, out int consumed, out int produced, out bool streamEnded)
    {
        fixed (byte* inPtr = input)
        fixed (byte* outPtr = output)
        {
            _stream->NextIn = inPtr;
            _stream->AvailIn = (nuint)input.Length;
            _stream->NextOut = outPtr;
            _stream->AvailOut = (nuint)output.Length;
            int ret = LzmaNative.Code(_stream, inputEof ? LzmaNative.Finish : LzmaNative.Run);
            consumed = input.Length - (int)_stream->AvailIn;
            produced = output.Length - (int)_stream->AvailOut;
            _stream->NextIn = null;
            _stream->NextOut = null;
            streamEnded = ret == LzmaNative.StreamEnd;
            if (ret is not (LzmaNative.Ok or LzmaNative.StreamEnd) && !(ret == LzmaNative.BufError && (consumed > 0 || produced > 0)))
            {
                throw Corrupt(LzmaNative.Describe(ret));
            }
        }
    }

    /// <inheritdoc />
    protected override void FreeDecoder()
    {
        if (_stream != null)
        {
            LzmaNative.End(_stream);
            NativeMemory.Free(_stream);
            _stream = null;
        }
    }
}
