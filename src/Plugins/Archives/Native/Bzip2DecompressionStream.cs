using System.Runtime.InteropServices;

namespace PluginHost.Plugins.Archives.Native;

/// <summary>Streaming .bz2 decompressor over libbz2 (concatenated streams too, as pbzip2 writes).</summary>
internal sealed unsafe class Bzip2DecompressionStream : NativeDecompressionStream
{
    private BzStream* _stream;
    private bool _initialized;
    private bool _memberEnded;

    /// <summary>Decompresses the bzip2 data read from <paramref name="inner"/>.</summary>
    public Bzip2DecompressionStream(Stream inner, bool leaveOpen = false)
        : base(inner, leaveOpen)
    {
        // libbz2 keeps a pointer back to the bz_stream, so it must not move: allocate it natively.
        _stream = (BzStream*)NativeMemory.AllocZeroed((nuint)sizeof(BzStream));
        Init();
    }

    /// <inheritdoc />
    protected override string FormatName => "bzip2";

    /// <inheritdoc />
    protected override void Decode(ReadOnlySpan<byte> input, Span<byte> output, bool inputEof, out int consumed, out int produced, out bool streamEnded)
    {
        consumed = 0;
        produced = 0;
        streamEnded = false;
        if (_memberEnded)
        {
            if (input.IsEmpty)
            {
                streamEnded = true;
                return;
            }

            // Another bzip2 stream follows the one that ended.
            End();
            Init();
            _memberEnded = false;
        }

        fixed (byte* inPtr = input)
        fixed (byte* outPtr = output)
        {
            _stream->NextIn = inPtr;
            _stream->AvailIn = (uint)input.Length;
            _stream->NextOut = outPtr;
            _stream->AvailOut = (uint)output.Length;
            int ret = Bzip2Native.Decompress(_stream);
            consumed = input.Length - (int)_stream->AvailIn;
            produced = output.Length - (int)_stream->AvailOut;
            _stream->NextIn = null;
            _stream->NextOut = null;
            if (ret == Bzip2Native.StreamEnd)
            {
                _memberEnded = true;
                streamEnded = inputEof && consumed == input.Length;
            }
            else if (ret != Bzip2Native.Ok)
            {
                throw Corrupt(Bzip2Native.Describe(ret));
            }
        }
    }

    /// <inheritdoc />
    protected override void FreeDecoder()
    {
        if (_stream != null)
        {
            End();
            NativeMemory.Free(_stream);
            _stream = null;
        }
    }

    private void Init()
    {
        int ret = Bzip2Native.DecompressInit(_stream, 0, 0);
        if (ret != Bzip2Native.Ok)
        {
            throw new InvalidOperationException($"libbz2 could not start a decompressor: {Bzip2Native.Describe(ret)}.");
        }

        _initialized = true;
    }

    private void End()
    {
        if (_initialized)
        {
            Bzip2Native.DecompressEnd(_stream);
            _initialized = false;
        }
    }
}
