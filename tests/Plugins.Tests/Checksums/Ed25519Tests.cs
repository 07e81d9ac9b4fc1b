using PluginHost.Plugins.Checksums.Crypto;

namespace PluginHost.Plugins.Tests.Checksums;

public sealed class Ed25519Tests
{
    // RFC 8032 section 7.1, TEST 1 to TEST 3: (public key, message, signature).
    public static TheoryData<string, string, string> Rfc8032Vectors => new()
    {
        {
            "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
            "",
            "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"
        },
        {
            "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c",
            "72",
            "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"
        },
        {
            "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025",
            "af82",
            "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a"
        },
    };

    [Theory]
    [MemberData(nameof(Rfc8032Vectors))]
    public void Rfc8032VectorsVerify(string publicKey, string message, string signature)
    {
        Assert.True(Ed25519.Verify(Convert.FromHexString(signature), Convert.FromHexString(publicKey), Convert.FromHexString(message)));
    }

    [Theory]
    [MemberData(nameof(Rfc8032Vectors))]
    public void AlteredMessageFails(string publicKey, string message, string signature)
    {
        byte[] altered = [.. Convert.FromHexString(message), 0x00];
        Assert.False(Ed25519.Verify(Convert.FromHexString(signature), Convert.FromHexString(publicKey), altered));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(31)]
    [InlineData(32)]
    [InlineData(63)]
    public void FlippedSignatureBitFails(int index)
    {
        (string pk, string msg, string sig) = ("3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72",
            "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00");
        byte[] signature = Convert.FromHexString(sig);
        signature[index] ^= 0x01;
        Assert.False(Ed25519.Verify(signature, Convert.FromHexString(pk), Convert.FromHexString(msg)));
    }

    [Fact]
    public void WrongPublicKeyFails()
    {
        Assert.False(Ed25519.Verify(
            Convert.FromHexString("92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"),
            Convert.FromHexString("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"),
            [0x72]));
    }

    [Fact]
    public void NonCanonicalScalarIsRejected()
    {
        // S + L verifies the same equation but must be refused (S >= L).
        byte[] signature = Convert.FromHexString(
            "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00");
        var s = new System.Numerics.BigInteger(signature.AsSpan(32), isUnsigned: true);
        var l = System.Numerics.BigInteger.Pow(2, 252) + System.Numerics.BigInteger.Parse("27742317777372353535851937790883648493");
        byte[] bigger = (s + l).ToByteArray(isUnsigned: true);
        Array.Clear(signature, 32, 32);
        bigger.CopyTo(signature, 32);
        Assert.False(Ed25519.Verify(signature, Convert.FromHexString("3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c"), [0x72]));
    }

    [Fact]
    public void PublicKeyThatIsNotAPointIsRejected()
    {
        // y = 2 has no x on the curve.
        byte[] key = new byte[32];
        key[0] = 2;
        Assert.False(Ed25519.Verify(new byte[64], key, [1, 2, 3]));
    }

    [Fact]
    public void WrongLengthsAreRejected()
    {
        Assert.False(Ed25519.Verify(new byte[63], new byte[32], []));
        Assert.False(Ed25519.Verify(new byte[64], new byte[31], []));
    }
}
