using PluginHost.Plugins.Archives;
using PluginHost.Plugins.Tests.TestSupport;

namespace PluginHost.Plugins.Tests.Archives;

public sealed class CorruptArchiveTests
{
    [Theory]
    [InlineData("tool.tar.gz")]
    [InlineData("tool.tar.xz")]
    [InlineData("tool.tar.bz2")]
    [InlineData("tool.tar.zst")]
    [InlineData("tool.zip")]
    [InlineData("single.txt.xz")]
    [InlineData("single.txt.bz2")]
    [InlineData("single.txt.zst")]
    [InlineData("single.txt.gz")]
    public async Task FlippedBytesGiveAClearError(string archive)
    {
        using var temp = new TempDir();
        byte[] bytes = await File.ReadAllBytesAsync(Fixtures.Archive(archive));
        for (int i = bytes.Length / 2; i < bytes.Length / 2 + 8 && i < bytes.Length - 1; i++)
        {
            bytes[i] ^= 0x5A;
        }

        string copy = temp.Combine(archive);
        await File.WriteAllBytesAsync(copy, bytes);
        var e = await Assert.ThrowsAsync<ArchiveException>(() => ArchiveExtractor.ExtractAsync(copy, temp.Combine("out"), null));
        Assert.Contains(copy, e.Message);
        Assert.Contains("corrupt", e.Message);
    }

    [Theory]
    [InlineData("tool.tar")]
    [InlineData("tool.tar.gz")]
    [InlineData("tool.tar.xz")]
    [InlineData("tool.tar.bz2")]
    [InlineData("tool.tar.zst")]
    [InlineData("tool.zip")]
    [InlineData("single.txt.xz")]
    [InlineData("single.txt.bz2")]
    [InlineData("single.txt.zst")]
    public async Task TruncatedArchivesGiveAClearError(string archive)
    {
        using var temp = new TempDir();
        byte[] bytes = await File.ReadAllBytesAsync(Fixtures.Archive(archive));
        string copy = temp.Combine(archive);
        await File.WriteAllBytesAsync(copy, bytes[..(bytes.Length * 2 / 3)]);
        var e = await Assert.ThrowsAsync<ArchiveException>(() => ArchiveExtractor.ExtractAsync(copy, temp.Combine("out"), null));
        Assert.Contains(copy, e.Message);
    }

    [Fact]
    public async Task CorruptTarHeaderIsRefused()
    {
        using var temp = new TempDir();
        byte[] bytes = await File.ReadAllBytesAsync(Fixtures.Archive("tool.tar"));
        bytes[3] ^= 0x20; // inside the first header's name: its checksum no longer matches
        string copy = temp.Combine("tool.tar");
        await File.WriteAllBytesAsync(copy, bytes);
        var e = await Assert.ThrowsAsync<ArchiveException>(() => ArchiveExtractor.ExtractAsync(copy, temp.Combine("out"), null));
        Assert.Contains("tool.tar", e.Message);
        Assert.Contains("checksum", e.Message);
    }

    [Fact]
    public async Task TarWithoutEndMarkerIsTreatedAsTruncated()
    {
        using var temp = new TempDir();
        byte[] bytes = await File.ReadAllBytesAsync(Fixtures.Archive("tool.tar"));
        int lastData = Array.FindLastIndex(bytes, b => b != 0);
        int cut = (lastData / 512 + 1) * 512;
        string copy = temp.Combine("tool.tar");
        await File.WriteAllBytesAsync(copy, bytes[..cut]);
        var e = await Assert.ThrowsAsync<ArchiveException>(() => ArchiveExtractor.ExtractAsync(copy, temp.Combine("out"), null));
        Assert.Contains("end-of-archive marker", e.Message);
    }

    [Fact]
    public async Task ZipEntryWithBadCrcIsRefused()
    {
        // Flip a byte inside a stored (uncompressed) entry's data: only the CRC-32 can notice.
        using var temp = new TempDir();
        string zip = temp.Combine("stored.zip");
        using (var archive = System.IO.Compression.ZipFile.Open(zip, System.IO.Compression.ZipArchiveMode.Create))
        {
            var entry = archive.CreateEntry("file.txt", System.IO.Compression.CompressionLevel.NoCompression);
            using var writer = new StreamWriter(entry.Open());
            writer.Write("hello stored zip entry");
        }

        byte[] bytes = await File.ReadAllBytesAsync(zip);
        int at = IndexOf(bytes, "stored zip"u8.ToArray());
        bytes[at] ^= 0x01;
        await File.WriteAllBytesAsync(zip, bytes);
        var e = await Assert.ThrowsAsync<ArchiveException>(() => ArchiveExtractor.ExtractAsync(zip, temp.Combine("out"), null));
        Assert.Contains("'file.txt' fails its integrity check", e.Message);
    }

    private static int IndexOf(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle);

    [Fact]
    public async Task GarbageWithAnArchiveNameIsRefused()
    {
        using var temp = new TempDir();
        string copy = temp.Combine("tool.tar.gz");
        await File.WriteAllTextAsync(copy, "<html>404 Not Found</html>");
        var e = await Assert.ThrowsAsync<ArchiveException>(() => ArchiveExtractor.ExtractAsync(copy, temp.Combine("out"), null));
        Assert.Contains(copy, e.Message);
    }

    [Fact]
    public async Task UnknownFormatNamesTheExpectedOnes()
    {
        using var temp = new TempDir();
        string copy = temp.Combine("download.bin");
        await File.WriteAllTextAsync(copy, "just some text");
        var e = await Assert.ThrowsAsync<ArchiveException>(() => ArchiveExtractor.ExtractAsync(copy, temp.Combine("out"), null));
        Assert.Contains("unrecognised format", e.Message);
        Assert.Contains("tar.zst", e.Message);
    }

    [Fact]
    public async Task EmptyFileIsRefused()
    {
        using var temp = new TempDir();
        string copy = temp.Combine("tool.tar.xz");
        await File.WriteAllBytesAsync(copy, []);
        var e = await Assert.ThrowsAsync<ArchiveException>(() => ArchiveExtractor.ExtractAsync(copy, temp.Combine("out"), null));
        Assert.Contains("is empty", e.Message);
    }
}
