using System.Buffers.Binary;
using System.Numerics;

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

    private static readonly byte[,] Sigma =
    {
        { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15 },
        { 14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3 },
        { 11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4 },
        { 7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8 },
        { 9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13 },
        { 2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9 },
        { 12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11 },
        { 13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10 },
        { 6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5 },
        { 10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0 },
    };

    private readonly ulong[] _h = new ulong[8];
    private readonly byte[] _buffer = new byte[BlockSize];
    private readonly ulong[] _m = new ulong[16];
    private readonly ulong[] _v = new ulong[16];
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
        ulong[] m = _m;
        ulong[] v = _v;
        for (int i = 0; i < 16; i++)
        {
            m[i] = BinaryPrimitives.ReadUInt64LittleEndian(block.Slice(i * 8, 8));
        }

        for (int i = 0; i < 8; i++)
        {
            v[i] = _h[i];
            v[i + 8] = Iv[i];
        }

        v[12] ^= _counterLow;
        v[13] ^= _counterHigh;
        if (last)
        {
            v[14] = ~v[14];
        }

        for (int round = 0; round < 12; round++)
        {
            int r = round % 10;
            Mix(v, 0, 4, 8, 12, m[Sigma[r, 0]], m[Sigma[r, 1]]);
            Mix(v, 1, 5, 9, 13, m[Sigma[r, 2]], m[Sigma[r, 3]]);
            Mix(v, 2, 6, 10, 14, m[Sigma[r, 4]], m[Sigma[r, 5]]);
            Mix(v, 3, 7, 11, 15, m[Sigma[r, 6]], m[Sigma[r, 7]]);
            Mix(v, 0, 5, 10, 15, m[Sigma[r, 8]], m[Sigma[r, 9]]);
            Mix(v, 1, 6, 11, 12, m[Sigma[r, 10]], m[Sigma[r, 11]]);
            Mix(v, 2, 7, 8, 13, m[Sigma[r, 12]], m[Sigma[r, 13]]);
            Mix(v, 3, 4, 9, 14, m[Sigma[r, 14]], m[Sigma[r, 15]]);
        }

        for (int i = 0; i < 8; i++)
        {
            _h[i] ^= v[i] ^ v[i + 8];
        }
    }

    private static void Mix(ulong[] v, int a, int b, int c, int d, ulong x, ulong y)
    {
        v[a] = v[a] + v[b] + x;
        v[d] = BitOperations.RotateRight(v[d] ^ v[a], 32);
        v[c] = v[c] + v[d];
        v[b] = BitOperations.RotateRight(v[b] ^ v[c], 24);
        v[a] = v[a] + v[b] + y;
        v[d] = BitOperations.RotateRight(v[d] ^ v[a], 16);
        v[c] = v[c] + v[d];
        v[b] = BitOperations.RotateRight(v[b] ^ v[c], 63);
    }
}
