using PluginHost.Plugins.Checksums;
using PluginHost.Plugins.Tests.TestSupport;

namespace PluginHost.Plugins.Tests.Checksums;

public sealed class ChecksumVerifierTests
{
    private static readonly string Download = Fixtures.Archive("tool.tar.gz");

    [Theory]
    [InlineData("tool.tar.gz.sha256")]
    [InlineData("tool.tar.gz.binary.sha256")]
    [InlineData("tool.tar.gz.sha512")]
    [InlineData("tool.tar.gz.bare.sha256")]
    [InlineData("tool.tar.gz.bsd.sha256")]
    [InlineData("tool.tar.gz.bsd.sha512")]
    [InlineData("tool.tar.gz.ps1.sha256")]
    [InlineData("SHASUMS256.txt")]
    [InlineData("SHASUMS512.txt")]
    public async Task EveryChecksumFormatPassesForTheRightFile(string checksumFile)
    {
        await ChecksumVerifier.VerifyAsync(Download, Fixtures.Archive(checksumFile), publicKey: null);
    }

    [Theory]
    [InlineData("tool.tar.gz.sha256", ChecksumAlgorithm.Sha256)]
    [InlineData("tool.tar.gz.binary.sha256", ChecksumAlgorithm.Sha256)]
    [InlineData("tool.tar.gz.sha512", ChecksumAlgorithm.Sha512)]
    [InlineData("tool.tar.gz.bare.sha256", ChecksumAlgorithm.Sha256)]
    [InlineData("tool.tar.gz.bsd.sha256", ChecksumAlgorithm.Sha256)]
    [InlineData("tool.tar.gz.bsd.sha512", ChecksumAlgorithm.Sha512)]
    [InlineData("tool.tar.gz.ps1.sha256", ChecksumAlgorithm.Sha256)]
    [InlineData("SHASUMS256.txt", ChecksumAlgorithm.Sha256)]
    [InlineData("SHASUMS512.txt", ChecksumAlgorithm.Sha512)]
    public async Task EveryChecksumFormatFailsForAlteredContent(string checksumFile, ChecksumAlgorithm algorithm)
    {
        using var temp = new TempDir();
        string copy = temp.Combine("tool.tar.gz");
        byte[] bytes = await File.ReadAllBytesAsync(Download);
        bytes[bytes.Length / 2] ^= 0x40;
        await File.WriteAllBytesAsync(copy, bytes);

        var e = await Assert.ThrowsAsync<ChecksumMismatchException>(() => ChecksumVerifier.VerifyAsync(copy, Fixtures.Archive(checksumFile), null));
        Assert.Equal(algorithm, e.Algorithm);
        Assert.Contains(copy, e.Message);
        Assert.Contains(e.Expected, e.Message);
        Assert.Contains(e.Actual, e.Message);
        Assert.Equal(await ChecksumVerifier.ComputeHexAsync(Download, algorithm), e.Expected);
    }

    [Fact]
    public async Task ShasumsPicksTheLineOfOurFile()
    {
        // SHASUMS256.txt lists four files; each must verify against its own line only.
        await ChecksumVerifier.VerifyChecksumFileAsync(Fixtures.Archive("tool.zip"), Fixtures.Archive("SHASUMS256.txt"));
        await ChecksumVerifier.VerifyChecksumFileAsync(Fixtures.Archive("tool.tar.xz"), Fixtures.Archive("SHASUMS256.txt"));
        await ChecksumVerifier.VerifyChecksumFileAsync(Fixtures.Archive("node-v20.1.0-linux-x64.tar.gz"), Fixtures.Archive("SHASUMS256.txt"));
    }

    [Fact]
    public async Task ChecksumFileWithoutOurFileNamesWhatItLists()
    {
        var e = await Assert.ThrowsAsync<ChecksumException>(() => ChecksumVerifier.VerifyChecksumFileAsync(Download, Fixtures.Archive("OTHERS256.txt")));
        Assert.Contains("no entry for 'tool.tar.gz'", e.Message);
        Assert.Contains("tool.tar.xz", e.Message);
        Assert.Contains("OTHERS256.txt", e.Message);
    }

    [Fact]
    public async Task AnotherFilesChecksumFileDoesNotVerifyOurs()
    {
        // tool.tar.gz.sha256 names tool.tar.gz; a file named differently is not in it.
        var e = await Assert.ThrowsAsync<ChecksumException>(() => ChecksumVerifier.VerifyChecksumFileAsync(Fixtures.Archive("tool.tgz"), Fixtures.Archive("tool.tar.gz.sha256")));
        Assert.Contains("no entry for 'tool.tgz'", e.Message);
    }

    [Fact]
    public async Task InlineHashOfEitherLength()
    {
        string sha256 = await ChecksumVerifier.ComputeHexAsync(Download, ChecksumAlgorithm.Sha256);
        string sha512 = await ChecksumVerifier.ComputeHexAsync(Download, ChecksumAlgorithm.Sha512);
        await ChecksumVerifier.VerifyHashAsync(Download, sha256.ToUpperInvariant());
        await ChecksumVerifier.VerifyHashAsync(Download, sha512);
        string wrong = new('0', 64);
        var e = await Assert.ThrowsAsync<ChecksumMismatchException>(() => ChecksumVerifier.VerifyHashAsync(Download, wrong));
        Assert.Equal(sha256, e.Actual);
    }

    [Theory]
    [InlineData("abc123", "6 hex digits")]
    [InlineData("not a hash at all", "contains no hash")]
    [InlineData("", "contains no hash")]
    public async Task MalformedChecksumFilesGiveClearErrors(string contents, string expectedText)
    {
        using var temp = new TempDir();
        string file = temp.Combine("bad.sha256");
        await File.WriteAllTextAsync(file, contents);
        var e = await Assert.ThrowsAsync<ChecksumException>(() => ChecksumVerifier.VerifyChecksumFileAsync(Download, file));
        Assert.Contains(expectedText, e.Message);
        Assert.Contains("bad.sha256", e.Message);
    }

    [Fact]
    public async Task BsdTagMustAgreeWithHashLength()
    {
        using var temp = new TempDir();
        string file = temp.Combine("tag.txt");
        string sha256 = await ChecksumVerifier.ComputeHexAsync(Download, ChecksumAlgorithm.Sha256);
        await File.WriteAllTextAsync(file, $"SHA512 (tool.tar.gz) = {sha256}\n");
        var e = await Assert.ThrowsAsync<ChecksumException>(() => ChecksumVerifier.VerifyChecksumFileAsync(Download, file));
        Assert.Contains("labelled Sha512", e.Message);
    }

    [Fact]
    public void ParserAcceptsPathsAndPowerShellTableRows()
    {
        string hash = new('a', 64);
        Assert.Equal(hash, ChecksumFileParser.FindExpected("x", $"{hash}  ./dist/tool.zip\n", "tool.zip").Hex);
        Assert.Equal(hash, ChecksumFileParser.FindExpected("x", $"Algorithm Hash Path\n--------- ---- ----\nSHA256 {hash.ToUpperInvariant()} C:\\dl\\tool.zip\r\n", "tool.zip").Hex);
        Assert.Equal(hash, ChecksumFileParser.FindExpected("x", $"# comment\n\n{hash}\n", "anything").Hex);
    }
}
