using PluginHost.Plugins.Archives;
using PluginHost.Plugins.Tests.TestSupport;

namespace PluginHost.Plugins.Tests.Archives;

public sealed class DecompressionStreamTests
{
    [Theory]
    [InlineData("tool.tar.gz", ArchiveCompression.Gzip, 1)]
    [InlineData("tool.tar.zst", ArchiveCompression.Zstd, 1)]
    [InlineData("tool.tar.zst", ArchiveCompression.Zstd, 7)]
    [InlineData("tool.tar.zst", ArchiveCompression.Zstd, 200_000)]
    public async Task GnuTarStreamsDecompressToTheSameBytesAsThePlainTar(string archive, ArchiveCompression compression, int chunk)
    {
        byte[] expected = await File.ReadAllBytesAsync(Fixtures.Archive("tool.tar"));
        Assert.Equal(expected, await ReadAllAsync(archive, compression, chunk));
        Assert.Equal(expected, ReadAllSync(archive, compression, chunk));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(13)]
    [InlineData(65536)]
    [InlineData(1_000_000)]
    public async Task XzAndBzip2DecodeTheSamePaxTar(int chunk)
    {
        byte[] xz = await ReadAllAsync("tool.tar.xz", ArchiveCompression.Xz, chunk);
        byte[] bz2 = await ReadAllAsync("tool.tar.bz2", ArchiveCompression.Bzip2, chunk);
        Assert.True(xz.Length > 100_000);
        Assert.Equal(xz, bz2);
        Assert.Equal(xz, ReadAllSync("tool.tar.bz2", ArchiveCompression.Bzip2, chunk));
    }

    [Theory]
    [InlineData("multi.txt.xz", ArchiveCompression.Xz)]
    [InlineData("multi.txt.bz2", ArchiveCompression.Bzip2)]
    [InlineData("multi.txt.zst", ArchiveCompression.Zstd)]
    public async Task ConcatenatedStreamsAreDecodedWhole(string archive, ArchiveCompression compression)
    {
        Assert.Equal("single file\nsecond part\n"u8.ToArray(), await ReadAllAsync(archive, compression, 1));
    }

    [Theory]
    [InlineData("single.txt.xz", ArchiveCompression.Xz)]
    [InlineData("single.txt.bz2", ArchiveCompression.Bzip2)]
    [InlineData("single.txt.zst", ArchiveCompression.Zstd)]
    public async Task WrongCodecIsACorruptDataError(string archive, ArchiveCompression compression)
    {
        ArchiveCompression wrong = compression == ArchiveCompression.Xz ? ArchiveCompression.Zstd : ArchiveCompression.Xz;
        var e = await Assert.ThrowsAsync<InvalidDataException>(() => ReadAllAsync(archive, wrong, 4096));
        Assert.Contains(wrong == ArchiveCompression.Xz ? "xz" : "zstd", e.Message);
    }

    [Theory]
    [InlineData(new byte[] { 0, 0, 0, 0 }, null)]
    [InlineData(new byte[] { 0, 0 }, "padding")]
    [InlineData(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 }, "xz")]
    public async Task XzStreamPaddingIsAcceptedAndTrailingGarbageIsCorrupt(byte[] tail, string? error)
    {
        using var temp = new TempDir();
        string path = temp.Combine("padded.txt.xz");
        await File.WriteAllBytesAsync(path, [.. await File.ReadAllBytesAsync(Fixtures.Archive("single.txt.xz")), .. tail]);
        await using Stream stream = ArchiveExtractor.OpenDecompressed(path, ArchiveCompression.Xz);
        var output = new MemoryStream();
        if (error is null)
        {
            await stream.CopyToAsync(output);
            Assert.Equal("single file\n"u8.ToArray(), output.ToArray());
        }
        else
        {
            var e = await Assert.ThrowsAsync<InvalidDataException>(() => stream.CopyToAsync(output));
            Assert.Contains(error, e.Message);
        }
    }

    private static async Task<byte[]> ReadAllAsync(string archive, ArchiveCompression compression, int chunk)
    {
        await using Stream stream = ArchiveExtractor.OpenDecompressed(Fixtures.Archive(archive), compression);
        var output = new MemoryStream();
        var buffer = new byte[chunk];
        int read;
        while ((read = await stream.ReadAsync(buffer)) > 0)
        {
            output.Write(buffer, 0, read);
        }

        return output.ToArray();
    }

    private static byte[] ReadAllSync(string archive, ArchiveCompression compression, int chunk)
    {
        using Stream stream = ArchiveExtractor.OpenDecompressed(Fixtures.Archive(archive), compression);
        var output = new MemoryStream();
        var buffer = new byte[chunk];
        int read;
        while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            output.Write(buffer, 0, read);
        }

        return output.ToArray();
    }
}
