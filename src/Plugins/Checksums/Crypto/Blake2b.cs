using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace PluginHost.Plugins.Checksums.Crypto;

/// <summary>Incremental BLAKE2b hash (RFC 7693), unkeyed or keyed, 1 to 64 byte digests.</summary>
public sealed class Blake2b
{
    private const int BlockSize = 128;

    private static readonly ulong[] Iv =
    [
        0x6A09E667F3BCC908UL, 0xBB67AE8584CAA73BUL, 0x3C6EF372FE94F82BUL, 0xA54FF53A5F1D36F1UL,
        0x510E527FADE682D1UL, 0x9B05688C2B3E6C1FUL, 0x1F83D9ABFB41BD6BUL, 0x5BE0CD19137E2179UL,
    ];

    // Message word schedule, 10 rounds x 16 indices (rounds 10 and 11 reuse rows 0 and 1).
    private static readonly byte[] Sigma =
    [
        0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
        14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3,
        11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4,
        7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8,
        9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13,
        2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9,
        12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11,
        13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10,
        6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5,
        10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0,
    ];

    private readonly ulong[] _h = new ulong[8];
    private readonly byte[] _buffer = new byte[BlockSize];
    private readonly int _outputLength;
    private int _bufferLength;
    private ulong _counterLow;
    private ulong _counterHigh;
    private bool _finished;

    /// <summary>Starts a hash with the given digest length (1..64) and optional key (0..64 bytes).</summary>
    public Blake2b(int outputLength = 64, ReadOnlySpan<byte> key = default)
    {
        if (outputLength is < 1 or > 64)
        {
            throw new ArgumentOutOfRangeException(nameof(outputLength), outputLength, "BLAKE2b digest length must be 1..64 bytes.");
        }

        if (key.Length > 64)
        {
            throw new ArgumentOutOfRangeException(nameof(key), key.Length, "BLAKE2b key length must be 0..64 bytes.");
        }

        _outputLength = outputLength;
        Iv.CopyTo(_h, 0);
        _h[0] ^= 0x01010000UL ^ ((ulong)key.Length << 8) ^ (ulong)outputLength;
        if (key.Length > 0)
        {
            key.CopyTo(_buffer);
            _bufferLength = BlockSize;
        }
    }

    /// <summary>Computes the BLAKE2b digest of <paramref name="data"/> in one call.</summary>
    public static byte[] Hash(ReadOnlySpan<byte> data, int outputLength = 64, ReadOnlySpan<byte> key = default)
    {
        var hash = new Blake2b(outputLength, key);
        hash.Update(data);
        return hash.Finish();
    }

    /// <summary>Absorbs more input.</summary>
    public void Update(ReadOnlySpan<byte> data)
    {
        if (_finished)
        {
            throw new InvalidOperationException("BLAKE2b hash already finished.");
        }

        while (data.Length > 0)
        {
            // The last block is compressed only in Finish, so a full buffer waits until more data arrives.
            if (_bufferLength == BlockSize)
            {
                AddToCounter(BlockSize);
                Compress(_buffer, last: false);
                _bufferLength = 0;
            }

            int take = Math.Min(BlockSize - _bufferLength, data.Length);
            data[..take].CopyTo(_buffer.AsSpan(_bufferLength));
            _bufferLength += take;
            data = data[take..];
        }
    }

    /// <summary>Completes the hash and returns the digest.</summary>
    public byte[] Finish()
    {
        if (_finished)
        {
            throw new InvalidOperationException("BLAKE2b hash already finished.");
        }

        _finished = true;
        AddToCounter((ulong)_bufferLength);
        _buffer.AsSpan(_bufferLength).Clear();
        Compress(_buffer, last: true);

        var full = new byte[64];
        for (int i = 0; i < 8; i++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(full.AsSpan(i * 8), _h[i]);
        }

        return full[.._outputLength];
    }

    private void AddToCounter(ulong count)
    {
        _counterLow += count;
        if (_counterLow < count)
        {
            _counterHigh++;
        }
    }

    private void Compress(ReadOnlySpan<byte> block, bool last)
    {
        Span<ulong> m = stackalloc ulong[16];
        for (int i = 0; i < 16; i++)
        {
            m[i] = BinaryPrimitives.ReadUInt64LittleEndian(block.Slice(i * 8, 8));
        }

        ulong v0 = _h[0], v1 = _h[1], v2 = _h[2], v3 = _h[3], v4 = _h[4], v5 = _h[5], v6 = _h[6], v7 = _h[7];
        ulong v8 = Iv[0], v9 = Iv[1], v10 = Iv[2], v11 = Iv[3];
        ulong v12 = Iv[4] ^ _counterLow, v13 = Iv[5] ^ _counterHigh, v14 = last ? ~Iv[6] : Iv[6], v15 = Iv[7];

        ReadOnlySpan<byte> sigma = Sigma;
        for (int round = 0; round < 12; round++)
        {
            ReadOnlySpan<byte> s = sigma.Slice((round % 10) * 16, 16);
            Mix(ref v0, ref v4, ref v8, ref v12, m[s[0]], m[s[1]]);
            Mix(ref v1, ref v5, ref v9, ref v13, m[s[2]], m[s[3]]);
            Mix(ref v2, ref v6, ref v10, ref v14, m[s[4]], m[s[5]]);
            Mix(ref v3, ref v7, ref v11, ref v15, m[s[6]], m[s[7]]);
            Mix(ref v0, ref v5, ref v10, ref v15, m[s[8]], m[s[9]]);
            Mix(ref v1, ref v6, ref v11, ref v12, m[s[10]], m[s[11]]);
            Mix(ref v2, ref v7, ref v8, ref v13, m[s[12]], m[s[13]]);
            Mix(ref v3, ref v4, ref v9, ref v14, m[s[14]], m[s[15]]);
        }

        _h[0] ^= v0 ^ v8;
        _h[1] ^= v1 ^ v9;
        _h[2] ^= v2 ^ v10;
        _h[3] ^= v3 ^ v11;
        _h[4] ^= v4 ^ v12;
        _h[5] ^= v5 ^ v13;
        _h[6] ^= v6 ^ v14;
        _h[7] ^= v7 ^ v15;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Mix(ref ulong a, ref ulong b, ref ulong c, ref ulong d, ulong x, ulong y)
    {
        a = a + b + x;
        d = BitOperations.RotateRight(d ^ a, 32);
        c += d;
        b = BitOperations.RotateRight(b ^ c, 24);
        a = a + b + y;
        d = BitOperations.RotateRight(d ^ a, 16);
        c += d;
        b = BitOperations.RotateRight(b ^ c, 63);
    }
}
