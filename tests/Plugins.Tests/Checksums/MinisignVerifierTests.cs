using PluginHost.Plugins.Checksums;
using PluginHost.Plugins.Tests.TestSupport;

namespace PluginHost.Plugins.Tests.Checksums;

public sealed class MinisignVerifierTests
{
    private static readonly string Download = Fixtures.Archive("tool.tar.gz");

    private static string TestKey => File.ReadAllLines(Fixtures.Archive("test.pub"))[1];

    private static string OtherKey => File.ReadAllLines(Fixtures.Archive("other.pub"))[1];

    [Theory]
    [InlineData("tool.tar.gz.minisig")]
    [InlineData("tool.tar.gz.legacy.minisig")]
    public async Task GoodSignaturePasses(string signature)
    {
        await ChecksumVerifier.VerifyAsync(Download, Fixtures.Archive(signature), TestKey);
    }

    [Theory]
    [InlineData("tool.tar.minisig")]
    [InlineData("tool.tar.legacy.minisig")]
    public async Task SignatureOfAFileBiggerThanOneReadBufferPasses(string signature)
    {
        await MinisignVerifier.VerifyAsync(Fixtures.Archive("tool.tar"), Fixtures.Archive(signature), TestKey);
    }

    [Theory]
    [InlineData("tool.tar.minisig")]
    [InlineData("tool.tar.legacy.minisig")]
    public async Task LastByteOfABigFileTamperedFails(string signature)
    {
        using var temp = new TempDir();
        string copy = temp.Combine("tool.tar");
        byte[] bytes = await File.ReadAllBytesAsync(Fixtures.Archive("tool.tar"));
        Assert.True(bytes.Length > 81920);
        bytes[^1] ^= 0x80;
        await File.WriteAllBytesAsync(copy, bytes);
        var e = await Assert.ThrowsAsync<ChecksumException>(() => MinisignVerifier.VerifyAsync(copy, Fixtures.Archive(signature), TestKey));
        Assert.Contains("does not match file", e.Message);
    }

    [Fact]
    public async Task SignatureOfAnotherFileFails()
    {
        var e = await Assert.ThrowsAsync<ChecksumException>(() => MinisignVerifier.VerifyAsync(Fixtures.Archive("tool.tar"), Fixtures.Archive("tool.tar.gz.minisig"), TestKey));
        Assert.Contains("does not match file", e.Message);
    }

    [Fact]
    public async Task PublicKeyFileTextIsAccepted()
    {
        await MinisignVerifier.VerifyAsync(Download, Fixtures.Archive("tool.tar.gz.minisig"), await File.ReadAllTextAsync(Fixtures.Archive("test.pub")));
    }

    [Fact]
    public void SignatureAlgorithmsAreParsed()
    {
        Assert.True(MinisignSignature.Parse(File.ReadAllText(Fixtures.Archive("tool.tar.gz.minisig")), "a").Prehashed);
        MinisignSignature legacy = MinisignSignature.Parse(File.ReadAllText(Fixtures.Archive("tool.tar.gz.legacy.minisig")), "b");
        Assert.False(legacy.Prehashed);
        Assert.Equal("tool 1.2.3 legacy", legacy.TrustedComment);
    }

    [Theory]
    [InlineData("tool.tar.gz.minisig")]
    [InlineData("tool.tar.gz.legacy.minisig")]
    public async Task TamperedFileFails(string signature)
    {
        using var temp = new TempDir();
        string copy = temp.Combine("tool.tar.gz");
        byte[] bytes = await File.ReadAllBytesAsync(Download);
        bytes[100] ^= 0x01;
        await File.WriteAllBytesAsync(copy, bytes);
        var e = await Assert.ThrowsAsync<ChecksumException>(() => MinisignVerifier.VerifyAsync(copy, Fixtures.Archive(signature), TestKey));
        Assert.Contains("does not match file", e.Message);
        Assert.Contains(copy, e.Message);
    }

    [Fact]
    public async Task WrongKeyFailsWithKeyIds()
    {
        var e = await Assert.ThrowsAsync<ChecksumException>(() => MinisignVerifier.VerifyAsync(Download, Fixtures.Archive("tool.tar.gz.minisig"), OtherKey));
        string testKeyId = File.ReadAllLines(Fixtures.Archive("test.pub"))[0].Split(' ')[^1];
        string otherKeyId = File.ReadAllLines(Fixtures.Archive("other.pub"))[0].Split(' ')[^1];
        Assert.Contains($"key id {testKeyId}", e.Message);
        Assert.Contains($"has id {otherKeyId}", e.Message);
    }

    [Fact]
    public async Task SignatureByAnotherKeyWithForgedKeyIdFails()
    {
        // The other key's signature relabelled with the test key's id: ids match, Ed25519 must fail.
        using var temp = new TempDir();
        string[] other = await File.ReadAllLinesAsync(Fixtures.Archive("tool.tar.gz.other.minisig"));
        string[] good = await File.ReadAllLinesAsync(Fixtures.Archive("tool.tar.gz.minisig"));
        byte[] sig = Convert.FromBase64String(other[1]);
        Convert.FromBase64String(good[1]).AsSpan(2, 8).CopyTo(sig.AsSpan(2, 8));
        other[1] = Convert.ToBase64String(sig);
        string forged = temp.Combine("forged.minisig");
        await File.WriteAllLinesAsync(forged, other);
        var e = await Assert.ThrowsAsync<ChecksumException>(() => MinisignVerifier.VerifyAsync(Download, forged, TestKey));
        Assert.Contains("does not match file", e.Message);
    }

    [Theory]
    [InlineData("tool.tar.gz.minisig", "tool 1.2.3 release", "tool 9.9.9 release")]
    [InlineData("tool.tar.gz.legacy.minisig", "tool 1.2.3 legacy", "tool 1.2.3 legacy!")]
    public async Task TamperedTrustedCommentFails(string signature, string original, string tampered)
    {
        using var temp = new TempDir();
        string text = await File.ReadAllTextAsync(Fixtures.Archive(signature));
        Assert.Contains(original, text);
        string path = temp.Combine("tampered.minisig");
        await File.WriteAllTextAsync(path, text.Replace(original, tampered));
        var e = await Assert.ThrowsAsync<ChecksumException>(() => MinisignVerifier.VerifyAsync(Download, path, TestKey));
        Assert.Contains("trusted comment", e.Message);
        Assert.Contains(tampered, e.Message);
    }

    [Fact]
    public async Task UntrustedCommentIsNotSigned()
    {
        using var temp = new TempDir();
        string text = await File.ReadAllTextAsync(Fixtures.Archive("tool.tar.gz.minisig"));
        string path = temp.Combine("comment.minisig");
        await File.WriteAllTextAsync(path, text.Replace("signature from minisign secret key", "edited freely"));
        await MinisignVerifier.VerifyAsync(Download, path, TestKey);
    }

    [Fact]
    public async Task MissingPublicKeyIsAClearError()
    {
        var e = await Assert.ThrowsAsync<ChecksumException>(() => ChecksumVerifier.VerifyAsync(Download, Fixtures.Archive("tool.tar.gz.minisig"), null));
        Assert.Contains("needs a public key", e.Message);
    }

    [Theory]
    [InlineData("not base64 !!", "not valid base64")]
    [InlineData("AAAA", "not an Ed25519 minisign key")]
    public void BadPublicKeysAreRejected(string key, string expected)
    {
        var e = Assert.Throws<ChecksumException>(() => MinisignPublicKey.Parse(key));
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void TruncatedSignatureFileIsRejected()
    {
        var e = Assert.Throws<ChecksumException>(() => MinisignSignature.Parse("untrusted comment: x\nRUQ=\n", "sig.minisig"));
        Assert.Contains("sig.minisig", e.Message);
    }
}
