namespace PluginHost.Plugins.Archives.Native;

/// <summary>Streaming .zst decompressor over libzstd (several frames in a row too).</summary>
internal sealed unsafe class ZstdDecompressionStream : NativeDecompressionStream
{
    private nint _stream;
    private bool _frameComplete;

    /// <summary>Decompresses the zstd data read from <paramref name="inner"/>.</summary>
    public ZstdDecompressionStream(Stream inner, bool leaveOpen = false)
        : base(inner, leaveOpen)
    {
        _stream = ZstdNative.CreateDStream();
        if (_stream == 0)
        {
            throw new InvalidOperationException("libzstd could not create a decompression stream.");
        }

        nuint ret = ZstdNative.InitDStream(_stream);
        if (ZstdNative.IsError(ret) != 0)
        {
            throw new InvalidOperationException($"libzstd could not start a decompressor: {ZstdNative.Describe(ret)}.");
        }
    }

    /// <inheritdoc />
    protected override string FormatName => "zstd";

    /// <inheritdoc />
    protected override void Decode(ReadOnlySpan<byte> input, Span<byte> output, bool inputEof, out int consumed, out int produced, out bool streamEnded)
    {
        if (input.IsEmpty && inputEof && _frameComplete)
        {
            consumed = 0;
            produced = 0;
            streamEnded = true;
            return;
        }

        fixed (byte* inPtr = input)
        fixed (byte* outPtr = output)
        {
            var inBuffer = new ZstdInBuffer { Src = inPtr, Size = (nuint)input.Length, Pos = 0 };
            var outBuffer = new ZstdOutBuffer { Dst = outPtr, Size = (nuint)output.Length, Pos = 0 };
            nuint ret = ZstdNative.DecompressStream(_stream, &outBuffer, &inBuffer);
            if (ZstdNative.IsError(ret) != 0)
            {
                throw Corrupt(ZstdNative.Describe(ret));
            }

            consumed = (int)inBuffer.Pos;
            produced = (int)outBuffer.Pos;
            _frameComplete = ret == 0;
            streamEnded = false;
        }
    }

    /// <inheritdoc />
    protected override void FreeDecoder()
    {
        if (_stream != 0)
        {
            ZstdNative.FreeDStream(_stream);
            _stream = 0;
        }
    }
}
